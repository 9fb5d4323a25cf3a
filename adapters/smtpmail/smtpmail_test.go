package smtpmail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/smtpmail"
	"github.com/openassoc/membership/internal/mimemsg"
	"github.com/openassoc/membership/ports"
)

const from = "中国质量协会 <noreply@caq.org.cn>"

var chineseMsg = ports.Message{
	To:      []string{"member@example.cn", "张三 <zhangsan@example.cn>"},
	Subject: "【中国质量协会】缴费确认：系统管理员审批通过企业【测试号】的缴费申请",
	Text:    "缴费状态：已完成缴费;无发票申请记录\n.以点开头的行\n",
	HTML:    "<p>缴费状态：已完成缴费</p>",
}

func waitMessage(t *testing.T, s *smtpServer) received {
	t.Helper()
	select {
	case m := <-s.Messages:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("the server received no message")
		return received{}
	}
}

func TestSendModes(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	tests := []struct {
		name       string
		server     smtpServer
		cfg        smtpmail.Config
		wantSecure bool
		wantUser   string
	}{
		{"none", smtpServer{}, smtpmail.Config{TLS: smtpmail.TLSNone}, false, ""},
		{"starttls with auth", smtpServer{startTLS: true, user: "mailer", pass: "s3cret"},
			smtpmail.Config{TLS: smtpmail.TLSStartTLS, Username: "mailer", Password: "s3cret"}, true, "mailer"},
		{"implicit tls", smtpServer{implicit: true},
			smtpmail.Config{TLS: smtpmail.TLSImplicit}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := tc.server
			srv.cert = cert
			srv.start(t)
			cfg := tc.cfg
			cfg.Host, cfg.Port, cfg.From = "127.0.0.1", srv.Port, from
			cfg.Timeout = 5 * time.Second
			cfg.TLSConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
			m, err := smtpmail.New(cfg)
			require.NoError(t, err)
			require.NoError(t, m.Send(context.Background(), chineseMsg))

			got := waitMessage(t, &srv)
			assert.Equal(t, "noreply@caq.org.cn", got.From)
			assert.Equal(t, []string{"member@example.cn", "zhangsan@example.cn"}, got.Rcpt)
			assert.Equal(t, tc.wantSecure, got.Secure)
			assert.Equal(t, tc.wantUser, got.User)

			decoded, err := mimemsg.Decode(strings.NewReader(got.Data))
			require.NoError(t, err)
			assert.Equal(t, chineseMsg.Subject, decoded.Subject)
			assert.Equal(t, chineseMsg.Text, decoded.Text, "dot-stuffed line survives")
			assert.Equal(t, chineseMsg.HTML, decoded.HTML)
			assert.Equal(t, []string{"member@example.cn", "zhangsan@example.cn"}, decoded.To)
			assert.Contains(t, got.Data, "Message-ID: <")
		})
	}
}

// TestSendFails covers the failures the caller must see as errors so that it
// retries, and that nothing reaches the server when it must not.
func TestSendFails(t *testing.T) {
	t.Parallel()
	cert, pool := selfSigned(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedPort := closed.Addr().(*net.TCPAddr).Port
	require.NoError(t, closed.Close())

	tests := []struct {
		name      string
		server    *smtpServer // nil: use port
		port      int
		cfg       smtpmail.Config
		forbidden string // a command the server must never see
	}{
		{"closed port", nil, closedPort, smtpmail.Config{TLS: smtpmail.TLSNone}, ""},
		{"starttls required but not offered", &smtpServer{}, 0,
			smtpmail.Config{TLS: smtpmail.TLSStartTLS}, "MAIL"},
		{"no plain password over plain text", &smtpServer{user: "mailer", pass: "s3cret", authPlain: true}, 0,
			smtpmail.Config{TLS: smtpmail.TLSNone, Username: "mailer", Password: "s3cret"}, "AUTH"},
		{"wrong password", &smtpServer{startTLS: true, user: "mailer", pass: "s3cret"}, 0,
			smtpmail.Config{TLS: smtpmail.TLSStartTLS, Username: "mailer", Password: "wrong"}, "DATA"},
		{"untrusted certificate", &smtpServer{implicit: true}, 0,
			smtpmail.Config{TLS: smtpmail.TLSImplicit, TLSConfig: &tls.Config{}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := tc.cfg
			cfg.Host, cfg.Port, cfg.From, cfg.Timeout = "127.0.0.1", tc.port, from, 3*time.Second
			if cfg.TLSConfig == nil {
				cfg.TLSConfig = &tls.Config{RootCAs: pool}
			}
			if tc.server != nil {
				tc.server.cert = cert
				tc.server.start(t)
				cfg.Port = tc.server.Port
			}
			m, err := smtpmail.New(cfg)
			require.NoError(t, err)
			err = m.Send(context.Background(), chineseMsg)
			require.Error(t, err)
			assert.False(t, errors.Is(err, smtpmail.ErrInvalidMessage), "a transport failure is retryable")
			if tc.server == nil {
				return
			}
			assert.Empty(t, tc.server.Messages)
			// The server logs a command before replying to it, so every command the
			// client sent before giving up is in the channel by now.
			for len(tc.server.Commands) > 0 {
				assert.NotEqual(t, tc.forbidden, <-tc.server.Commands)
			}
		})
	}
}

func TestSendTimesOutOnSilentServer(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() { // accept and never greet
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(io.Discard, c); c.Close() }()
		}
	}()
	m, err := smtpmail.New(smtpmail.Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port,
		From: from, TLS: smtpmail.TLSNone, Timeout: 300 * time.Millisecond})
	require.NoError(t, err)
	start := time.Now()
	require.Error(t, m.Send(context.Background(), chineseMsg))
	assert.Less(t, time.Since(start), 3*time.Second)
}

func TestSendRejectsInvalidMessageWithoutConnecting(t *testing.T) {
	t.Parallel()
	srv := &smtpServer{}
	srv.start(t)
	m, err := smtpmail.New(smtpmail.Config{Host: "127.0.0.1", Port: srv.Port, From: from, TLS: smtpmail.TLSNone})
	require.NoError(t, err)
	for _, msg := range []ports.Message{
		{Text: "x"},
		{To: []string{"bad"}, Text: "x"},
		{To: []string{"a@example.cn"}},
	} {
		assert.ErrorIs(t, m.Send(context.Background(), msg), smtpmail.ErrInvalidMessage)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, m.Send(ctx, chineseMsg), context.Canceled)
	assert.Empty(t, srv.Commands, "no connection was made")
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	ok := smtpmail.Config{Host: "smtp.example.cn", From: "noreply@example.cn"}
	tests := []struct {
		name   string
		mutate func(*smtpmail.Config)
	}{
		{"no host", func(c *smtpmail.Config) { c.Host = "" }},
		{"no from", func(c *smtpmail.Config) { c.From = "" }},
		{"bad from", func(c *smtpmail.Config) { c.From = "noreply" }},
		{"bad tls mode", func(c *smtpmail.Config) { c.TLS = "ssl" }},
		{"bad port", func(c *smtpmail.Config) { c.Port = 70000 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := ok
			tc.mutate(&cfg)
			m, err := smtpmail.New(cfg)
			assert.Error(t, err)
			assert.Nil(t, m)
		})
	}
	m, err := smtpmail.New(ok)
	require.NoError(t, err)
	assert.NotNil(t, m)
}
