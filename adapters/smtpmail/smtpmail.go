// Package smtpmail implements ports.Mailer by sending through an SMTP server with
// github.com/wneessen/go-mail. Messages are rendered by Compose, the rendering
// adapters/filemail shares (internal/mimemsg), so a mail written to
// disk is byte-for-byte what would have been sent.
package smtpmail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/openassoc/membership/internal/mimemsg"
	"github.com/openassoc/membership/ports"
)

// ErrInvalidMessage marks a message that can never be sent as it is (no
// recipient, a malformed address, no body, a malformed sender): retrying it is
// pointless, so a caller may give up on it instead of retrying. It wraps
// ports.ErrUndeliverable.
var ErrInvalidMessage = mimemsg.ErrInvalidMessage

// ErrRejected marks a message the mail server refused for good: a permanent
// (5xx) answer to MAIL FROM, RCPT TO or DATA, e.g. 550 for an address that
// does not exist. The same message would be refused again, so a caller gives up
// on it (and shows it to staff) instead of retrying. It wraps
// ports.ErrUndeliverable. A temporary (4xx) answer is not it.
var ErrRejected = fmt.Errorf("smtpmail: refused by the mail server: %w", ports.ErrUndeliverable)

// Compose renders msg as Send would send it from the sender from, dated now:
// UTF-8, base64 bodies, an RFC 2047 encoded subject, a multipart/alternative
// body when msg.HTML is set, Date and Message-ID headers. Errors wrap
// ErrInvalidMessage, so a host can refuse at once what could never be sent.
func Compose(from string, msg ports.Message, now time.Time) (*mail.Msg, error) {
	return mimemsg.Compose(from, msg, now)
}

// TLSMode says how the connection to the SMTP server is protected.
type TLSMode string

// The TLS modes.
const (
	// TLSNone sends in plain text (a local relay only). SMTP AUTH then works only
	// with challenge mechanisms (CRAM-MD5, SCRAM); PLAIN and LOGIN are refused.
	TLSNone TLSMode = "none"
	// TLSStartTLS connects in plain text and requires STARTTLS (default port 587).
	TLSStartTLS TLSMode = "starttls"
	// TLSImplicit connects with TLS from the start (SMTPS, default port 465).
	TLSImplicit TLSMode = "tls"
)

// DefaultTimeout bounds connecting and each SMTP exchange when Config.Timeout is 0.
const DefaultTimeout = 15 * time.Second

// Config is how to reach the SMTP server.
type Config struct {
	Host     string
	Port     int     // 0 picks the default of the TLS mode: 25, 587 or 465
	Username string  // empty: no SMTP AUTH
	Password string  // used with Username
	From     string  // sender, "addr@example.cn" or "中国质量协会 <addr@example.cn>"
	TLS      TLSMode // empty means TLSStartTLS
	Timeout  time.Duration
	// TLSConfig overrides the TLS settings (e.g. a private CA); ServerName is set
	// to Host when empty. Nil uses the system roots with TLS 1.2 or later.
	TLSConfig *tls.Config
}

// Mailer sends messages through SMTP, one connection per message. It is safe for
// concurrent use.
type Mailer struct {
	cfg  Config
	opts []mail.Option
}

var _ ports.Mailer = (*Mailer)(nil)

// New checks the configuration and returns a Mailer. It does not connect: an
// unreachable server shows up as an error from Send, which the caller retries.
func New(cfg Config) (*Mailer, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtpmail: host is required")
	}
	if _, err := mimemsg.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("smtpmail: from: %w", err)
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	opts := []mail.Option{mail.WithTimeout(cfg.Timeout)}
	switch cfg.TLS {
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS), mail.WithPort(portOr(cfg.Port, 25)))
	case TLSStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory), mail.WithPort(portOr(cfg.Port, 587)))
	case TLSImplicit:
		opts = append(opts, mail.WithSSL(), mail.WithPort(portOr(cfg.Port, 465)))
	default:
		return nil, fmt.Errorf("smtpmail: unknown TLS mode %q (want none, starttls or tls)", cfg.TLS)
	}
	if cfg.TLSConfig != nil {
		tc := cfg.TLSConfig.Clone()
		if tc.ServerName == "" {
			tc.ServerName = cfg.Host
		}
		opts = append(opts, mail.WithTLSConfig(tc))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	if _, err := mail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("smtpmail: %w", err)
	}
	return &Mailer{cfg: cfg, opts: opts}, nil
}

// Send delivers msg to the server. A nil error means the server accepted it
// (250 after DATA) — even when the exchange fails afterwards (the RSET, the
// QUIT, the connection), since sending it again would deliver it twice. Any
// other error means it was not accepted: it wraps ErrInvalidMessage (it can
// never be sent as it is) or ErrRejected (the server refused it for good), or
// else it is temporary and should be retried.
func (m *Mailer) Send(ctx context.Context, msg ports.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	out, err := Compose(m.cfg.From, msg, time.Now())
	if err != nil {
		return fmt.Errorf("smtpmail: %w", err)
	}
	// A client per message: go-mail's Client keeps per-connection state.
	c, err := mail.NewClient(m.cfg.Host, m.opts...)
	if err != nil {
		return fmt.Errorf("smtpmail: %w", err)
	}
	err = c.DialAndSendWithContext(ctx, out)
	switch {
	case err == nil, out.IsDelivered(): // accepted: what failed after does not unsend it
		return nil
	case permanent(err):
		return fmt.Errorf("%w: via %s: %w", ErrRejected, c.ServerAddr(), err)
	}
	return fmt.Errorf("smtpmail: send via %s: %w", c.ServerAddr(), err)
}

// permanent reports whether the server refused the message itself with a
// permanent (5xx) answer to MAIL FROM, RCPT TO or DATA. A refusal while
// connecting (greeting, EHLO, STARTTLS, AUTH) is not the message's fault — a
// wrong password refuses every message until the configuration is fixed — and
// stays a retry.
func permanent(err error) bool {
	var se *mail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case mail.ErrSMTPMailFrom, mail.ErrSMTPRcptTo, mail.ErrSMTPData, mail.ErrSMTPDataClose:
		code := se.ErrorCode()
		return code >= 500 && code < 600
	}
	return false
}

func portOr(port, def int) int {
	if port > 0 {
		return port
	}
	return def
}
