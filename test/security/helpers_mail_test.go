package security_test

import (
	"bufio"
	"context"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/membershiptest"
)

// The helpers of the mail findings (15, 17): a small SMTP server that
// misbehaves as real ones do, and a module that sends through it.

// smtpFake is a minimal SMTP server (EHLO, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT). It answers RCPT for an address with replies[address] when set
// (e.g. a 5xx or 4xx refusal), and with dropAtQuit closes the connection at
// QUIT instead of answering 221 — after the message was accepted.
type smtpFake struct {
	Port       int
	replies    map[string]string
	dropAtQuit bool

	mu        sync.Mutex
	delivered map[string]int // messages accepted (250 after DATA), per recipient
	rcpts     map[string]int // RCPT commands seen, per address
	accepted  chan string    // one recipient of each accepted message
}

// startSMTPFake serves on a loopback port until the test ends.
func startSMTPFake(t *testing.T, replies map[string]string, dropAtQuit bool) *smtpFake {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	s := &smtpFake{Port: ln.Addr().(*net.TCPAddr).Port, replies: replies, dropAtQuit: dropAtQuit,
		delivered: map[string]int{}, rcpts: map[string]int{}, accepted: make(chan string, 64)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpFake) serve(c net.Conn) {
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	reply := func(l string) { _, _ = c.Write([]byte(l + "\r\n")) }
	var rcpt []string
	reply("220 localhost ESMTP fake")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			reply("250-localhost")
			reply("250 8BITMIME")
		case "MAIL", "RSET", "NOOP":
			rcpt = nil
			reply("250 ok")
		case "RCPT":
			addr := arg[strings.IndexByte(arg, '<')+1 : strings.IndexByte(arg, '>')]
			s.mu.Lock()
			s.rcpts[addr]++
			s.mu.Unlock()
			if a, ok := s.replies[addr]; ok {
				reply(a)
				continue
			}
			rcpt = append(rcpt, addr)
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
			}
			s.mu.Lock()
			for _, a := range rcpt {
				s.delivered[a]++
			}
			s.mu.Unlock()
			reply("250 queued")
			if len(rcpt) > 0 {
				s.accepted <- rcpt[0]
			}
		case "QUIT":
			if !s.dropAtQuit {
				reply("221 bye")
			}
			return
		default:
			reply("502 unknown")
		}
	}
}

// count returns how many messages were accepted for addr and how many RCPT
// commands named it.
func (s *smtpFake) count(addr string) (delivered, rcpts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delivered[addr], s.rcpts[addr]
}

// waitAccepted waits until a message for addr is accepted.
func (s *smtpFake) waitAccepted(t *testing.T, addr string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-s.accepted:
			if got == addr {
				return
			}
		case <-deadline:
			t.Fatalf("no message for %s was accepted", addr)
		}
	}
}

// smtpModule builds a module that sends its email through srv, retrying
// quickly.
func smtpModule(t *testing.T, srv *smtpFake) *membershiptest.Env {
	t.Helper()
	return membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) {
		c.Mail.SMTP = membership.SMTPConfig{Host: "127.0.0.1", Port: srv.Port, TLS: "none"}
		c.Mail.Queue = membership.MailQueueConfig{RetryMin: 5 * time.Millisecond, RetryMax: 20 * time.Millisecond,
			Poll: 10 * time.Millisecond}
	}))
}

// mailQueueOf opens the module's mail queue through a second handle on its
// SQLite file.
func mailQueueOf(t *testing.T, env *membershiptest.Env) *bunstore.MailQueue {
	t.Helper()
	return bunstore.NewMailQueue(bunstoretest.Open(t, filepath.Join(env.DataDir, "membership.db")))
}

// mailRowsTo counts the queue's rows in a state that are addressed to addr.
func mailRowsTo(t *testing.T, q *bunstore.MailQueue, status bunstore.MailStatus, addr string) int {
	t.Helper()
	rows, err := q.List(context.Background(), status, 1000)
	require.NoError(t, err)
	n := 0
	for _, r := range rows {
		for _, to := range r.Message.To {
			if strings.Contains(to, addr) {
				n++
			}
		}
	}
	return n
}
