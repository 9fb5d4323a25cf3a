package smtpmail_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/smtpmail"
	"github.com/openassoc/membership/ports"
)

// plainMailer is a Mailer of srv without TLS.
func plainMailer(t *testing.T, srv *smtpServer) *smtpmail.Mailer {
	t.Helper()
	m, err := smtpmail.New(smtpmail.Config{Host: "127.0.0.1", Port: srv.Port, From: from, TLS: smtpmail.TLSNone,
		Timeout: 3 * time.Second})
	require.NoError(t, err)
	return m
}

// A message the server accepted (250 after DATA) is sent, whatever fails
// afterwards — the RSET, the QUIT, the connection: Send reports success, so the
// queue does not send it again (finding 17: every recipient got two copies).
func TestSendAcceptedMessageIsSentWhateverFailsAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		server smtpServer
	}{
		{"connection dropped at QUIT", smtpServer{dropAtQuit: true}},
		{"connection dropped right after the 250", smtpServer{dropAfterData: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := tc.server
			srv.start(t)
			require.NoError(t, plainMailer(t, &srv).Send(context.Background(), chineseMsg))
			waitMessage(t, &srv)
			assert.Empty(t, srv.Messages, "accepted once")
		})
	}
}

// A permanent refusal (5xx) of the message is undeliverable: the queue marks it
// failed instead of retrying forever; a temporary one (4xx) is retried.
func TestSendPermanentRefusalIsUndeliverable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		reply     string
		permanent bool
	}{
		{"550 5.1.1 mailbox unavailable", true},
		{"553 5.1.3 bad address syntax", true},
		{"451 4.3.0 try again later", false},
		{"452 4.2.2 mailbox full", false},
	} {
		t.Run(tc.reply, func(t *testing.T) {
			t.Parallel()
			srv := smtpServer{rcptReply: tc.reply}
			srv.start(t)
			err := plainMailer(t, &srv).Send(context.Background(), chineseMsg)
			require.Error(t, err)
			assert.Equal(t, tc.permanent, errors.Is(err, ports.ErrUndeliverable), "%v", err)
			assert.Equal(t, tc.permanent, errors.Is(err, smtpmail.ErrRejected), "%v", err)
			assert.False(t, errors.Is(err, smtpmail.ErrInvalidMessage), "the message itself was fine")
			assert.Contains(t, err.Error(), tc.reply[:3], "the server's answer is kept for staff")
			assert.Empty(t, srv.Messages)
		})
	}
}
