package security_test

import (
	"html"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
)

// Finding 15 (smaller): an SMTP 5xx (permanent) answer was retried forever
// and nobody saw that the mail never arrived.

// TestFinding15SMTPRefusalMarksMailFailed: the server refuses one address for
// good (550) and another for now (451). The first email is marked failed after
// one attempt, and the admin sees it — a count on the back office's home and
// the list of failed emails (recipient, subject, error, time); the second is
// retried and not listed. Other roles do not see the list.
func TestFinding15SMTPRefusalMarksMailFailed(t *testing.T) {
	t.Parallel()
	const gone, later, fine = "f15-gone@example.com", "f15-later@example.com", "f15-fine@example.com"
	srv := startSMTPFake(t, map[string]string{gone: "550 5.1.1 mailbox unavailable",
		later: "451 4.3.0 try again later"}, false)
	env := smtpModule(t, srv)
	log := env.Module.Ports().UndeliveredMail
	q := mailQueueOf(t, env)

	env.RegisterUnverified(t, "individual", "拒收甲", gone, payMemberPassword)
	require.Eventually(t, func() bool { n, err := log.CountUndelivered(t.Context()); return err == nil && n == 1 },
		10*time.Second, 5*time.Millisecond, "the refused email is marked failed")
	env.RegisterUnverified(t, "individual", "正常乙", fine, payMemberPassword)
	srv.waitAccepted(t, fine) // the queue went on past it
	delivered, rcpts := srv.count(gone)
	assert.Zero(t, delivered)
	assert.Equal(t, 1, rcpts, "tried once, not retried forever")
	assert.Zero(t, mailRowsTo(t, q, bunstore.MailPending, gone))

	env.RegisterUnverified(t, "individual", "稍后丙", later, payMemberPassword)
	require.Eventually(t, func() bool { _, n := srv.count(later); return n >= 2 },
		10*time.Second, 5*time.Millisecond, "a temporary refusal is retried")
	assert.Equal(t, 1, mailRowsTo(t, q, bunstore.MailPending, later), "still waiting to be sent")
	n, err := log.CountUndelivered(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the permanent refusal failed")

	admin := payStaffLogin(t, env, "f15-admin", "admin")
	home := payPage(env, "/admin", admin)
	require.Equal(t, http.StatusOK, home.Status)
	assert.Contains(t, string(home.Body), `<h2 class="work-queue__title">邮件发送失败</h2>`)
	assert.Contains(t, string(home.Body), `<strong>1</strong> <span>被邮件服务器拒收、不再重试的邮件</span>`)
	list := payPage(env, "/admin/mail/failed", admin)
	require.Equal(t, http.StatusOK, list.Status)
	body := html.UnescapeString(string(list.Body))
	assert.Contains(t, body, gone)
	assert.Contains(t, body, "RCPT TO command: 550")
	assert.Contains(t, body, "5.1.1 mailbox unavailable", "the server's answer")
	assert.NotContains(t, body, later)
	items, _, err := log.ListUndelivered(t.Context(), 10, 0)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Contains(t, body, items[0].Subject)
	assert.False(t, items[0].QueuedAt.IsZero())

	fin := payStaffLogin(t, env, "f15-finance", "finance")
	assert.Equal(t, http.StatusForbidden, payPage(env, "/admin/mail/failed", fin).Status)
	assert.NotContains(t, string(payPage(env, "/admin", fin).Body), "邮件发送失败")
}
