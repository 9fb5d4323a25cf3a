//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// testLogger logs warnings and errors into the test's output; with
// MEMBERSHIP_TEST_LOG set, everything from debug up to stderr.
func testLogger(t testing.TB) *slog.Logger {
	if os.Getenv("MEMBERSHIP_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// mailpit reads what the mailpit container received, through its HTTP API
// (/api/v1/messages, /api/v1/message/{ID}).
type mailpit struct {
	t testing.TB
}

// smtpAddr returns the host and the fixed port of mailpit's SMTP server.
func (mailpit) smtpAddr() (string, int) { return "127.0.0.1", mailpitSMTPPort() }

// apiURL is the current address of the HTTP API: its mapped port may change when
// the container is restarted, so it is read at each call.
func (m mailpit) apiURL() string {
	return "http://" + endpoint(m.t, mailpitSvc.container(m.t), "8025/tcp")
}

// mailAddress is an address as mailpit's API shows it.
type mailAddress struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// mailSummary is one entry of /api/v1/messages.
type mailSummary struct {
	ID      string        `json:"ID"`
	From    mailAddress   `json:"From"`
	To      []mailAddress `json:"To"`
	Subject string        `json:"Subject"`
	Created time.Time     `json:"Created"`
}

// mailMessage is /api/v1/message/{ID}: the decoded message.
type mailMessage struct {
	ID      string        `json:"ID"`
	From    mailAddress   `json:"From"`
	To      []mailAddress `json:"To"`
	Subject string        `json:"Subject"`
	Text    string        `json:"Text"`
	HTML    string        `json:"HTML"`
}

func (m mailpit) get(path string, into any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.apiURL()+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailpit GET %s: %s: %s", path, resp.Status, body)
	}
	return json.Unmarshal(body, into)
}

// to lists the messages addressed to addr, newest first.
func (m mailpit) to(addr string) ([]mailSummary, error) {
	var list struct {
		Messages []mailSummary `json:"messages"`
	}
	if err := m.get("/api/v1/messages?limit=1000", &list); err != nil {
		return nil, err
	}
	var out []mailSummary
	for _, s := range list.Messages {
		for _, to := range s.To {
			if strings.EqualFold(to.Address, addr) {
				out = append(out, s)
				break
			}
		}
	}
	return out, nil
}

// waitFor waits until a message to addr whose subject contains subject arrives
// and returns it in full.
func (m mailpit) waitFor(addr, subject string, timeout time.Duration) mailMessage {
	m.t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		list, err := m.to(addr)
		lastErr = err
		for _, s := range list {
			if strings.Contains(s.Subject, subject) {
				var msg mailMessage
				if err := m.get("/api/v1/message/"+url.PathEscape(s.ID), &msg); err != nil {
					m.t.Fatalf("read message %s: %v", s.ID, err)
				}
				return msg
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	m.t.Fatalf("no mail to %s with subject containing %q within %s (last error: %v)", addr, subject, timeout, lastErr)
	return mailMessage{}
}

// count returns how many messages to addr mailpit holds.
func (m mailpit) count(addr string) int {
	m.t.Helper()
	list, err := m.to(addr)
	if err != nil {
		m.t.Fatalf("mailpit: %v", err)
	}
	return len(list)
}
