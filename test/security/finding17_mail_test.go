package security_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
)

// Finding 17: when the mail server had accepted a message (250 after DATA)
// and the connection then failed at QUIT, the message was treated as unsent
// and sent again — every recipient got two copies.

// TestFinding17AcceptedMailIsSentOnce: a module sends through a server that
// drops every connection at QUIT. The welcome email is accepted once and the
// queue records it sent; it is not sent again (a later email goes through the
// same queue after it, and the first recipient still has one copy).
func TestFinding17AcceptedMailIsSentOnce(t *testing.T) {
	t.Parallel()
	srv := startSMTPFake(t, nil, true)
	env := smtpModule(t, srv)
	q := mailQueueOf(t, env)

	env.RegisterUnverified(t, "individual", "邮件甲", "f17-first@example.com", payMemberPassword)
	srv.waitAccepted(t, "f17-first@example.com")
	require.Eventually(t, func() bool { return mailRowsTo(t, q, bunstore.MailSent, "f17-first@example.com") == 1 },
		10*time.Second, 5*time.Millisecond, "the accepted email is recorded sent")
	assert.Zero(t, mailRowsTo(t, q, bunstore.MailPending, "f17-first@example.com"), "nothing left to retry")

	env.RegisterUnverified(t, "individual", "邮件乙", "f17-second@example.com", payMemberPassword)
	srv.waitAccepted(t, "f17-second@example.com")
	delivered, _ := srv.count("f17-first@example.com")
	assert.Equal(t, 1, delivered, "one copy, not two")
	n, err := env.Module.Ports().UndeliveredMail.CountUndelivered(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing failed")
}
