package membershiptest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/notification"
)

// ConcurrentApprovalsAt is when ConcurrentApprovals approves: 1 June 2026 in the
// association's zone, so the default enterprise pattern gives 26000001, 26000002, …
var ConcurrentApprovalsAt = time.Date(2026, 6, 1, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// ConcurrentApprovals is the member-number allocation scenario, shared by the
// SQLite and PostgreSQL suites: it builds a module (New with options, after a
// clock standing at ConcurrentApprovalsAt; pass WithDatabase to run on another
// database), submits n enterprise applications and has one reviewer approve all of
// them at once through the approve use case, one goroutine each. It checks that
// every approval succeeds; that the numbers are n distinct ones, the first n of
// the enterprise pattern in sequence (none wasted); that each member is stored
// approved with the number its approval returned, and a second approval is a
// Conflict; that the review queue counts n approved; and that the
// application-approved event was handled once per member: one notification and
// one email each, with the member's number. It returns how long the approvals
// took (the concurrent Handle calls, not the setup or the event handling).
func ConcurrentApprovals(t *testing.T, n int, options ...Option) time.Duration {
	ctx := context.Background()
	clock := &Clock{}
	clock.Set(ConcurrentApprovalsAt)
	env := New(t, append([]Option{WithClock(clock)}, options...)...)
	want := firstNumbers(t, env, n)
	reviewer := StaffPrincipal(env.CreateStaff(t, "rev", "reviewer", "staff12345"), access.RoleReviewer)
	ids, names, emails := submittedEnterprises(t, env, n)

	numbers := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			numbers[i], errs[i] = env.App.Commands.ApproveApplication.Handle(ctx,
				command.ApproveApplication{Principal: reviewer, MemberID: ids[i]})
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(began)
	t.Logf("%d concurrent approvals took %s", n, took.Round(time.Millisecond))
	for i, err := range errs {
		require.NoError(t, err, "approval %d", i)
	}
	sorted := append([]string(nil), numbers...)
	sort.Strings(sorted)
	require.Equal(t, want, sorted, "n distinct numbers, the first n in sequence")

	// Stored as handed out, each member once.
	for i, id := range ids {
		m, err := env.Module.Ports().Members.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, member.StatusApproved, m.Status(), names[i])
		assert.Equal(t, numbers[i], m.Number(), names[i])
	}
	_, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: reviewer, MemberID: ids[0]})
	require.Error(t, err, "a second approval")
	assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind, "a second approval: %v", err)
	assert.Equal(t, member.ErrAlreadyApproved, apperr.As(err).Code, "a second approval")

	page, err := env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: reviewer,
		Status: member.StatusApproved, PageSize: query.MaxPageSize})
	require.NoError(t, err)
	assert.Equal(t, n, page.Total)
	assert.Len(t, page.Items, min(n, query.MaxPageSize), "pages are bounded")
	assert.Equal(t, (n+query.MaxPageSize-1)/query.MaxPageSize, page.Pages)

	waitApprovalEvents(t, env, ids, names, emails, numbers)
	return took
}

// firstNumbers returns the first n numbers of the module's enterprise pattern
// on its clock's date.
func firstNumbers(t *testing.T, env *Env, n int) []string {
	t.Helper()
	pattern := env.Config.MemberNumbers.Enterprise
	if pattern == "" {
		pattern = member.DefaultEnterpriseNumbers.Pattern
	}
	want := make([]string, n)
	for i := range want {
		num, err := member.NumberFormat{Pattern: pattern}.Format(env.App.Clock.Now(), int64(i+1))
		require.NoError(t, err)
		want[i] = num
	}
	return want
}

// submittedEnterprises stores n enterprises with submitted applications and
// returns their ids, names and emails.
func submittedEnterprises(t *testing.T, env *Env, n int) (ids, names, emails []string) {
	t.Helper()
	ids, names, emails = make([]string, n), make([]string, n), make([]string, n)
	now := env.App.Clock.Now()
	for i := range ids {
		names[i], emails[i] = fmt.Sprintf("并发企业%04d", i), fmt.Sprintf("c%04d@example.com", i)
		m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: names[i], Email: emails[i],
			PasswordHash: "x"}, now)
		require.NoError(t, err)
		require.NoError(t, membertest.Submit(m, now))
		require.NoError(t, env.Module.Ports().Members.Add(context.Background(), m))
		ids[i] = m.ID()
	}
	return ids, names, emails
}

// waitApprovalEvents waits until every member has exactly one approval
// notification and one approval email, each with its number.
func waitApprovalEvents(t *testing.T, env *Env, ids, names, emails, numbers []string) {
	t.Helper()
	notified := make([]bool, len(ids))
	var missing []string
	done := func() bool {
		// The notifications first: while some are missing, reading every mail
		// again would only slow the module down.
		if missing = missingNotifications(t, env, ids, names, numbers, notified); len(missing) > 0 {
			return false
		}
		missing = missingApprovalMails(t, env, emails, numbers)
		return len(missing) == 0
	}
	if !env.WaitUntil(60*time.Second, done) {
		t.Fatalf("approval events of %d members not all handled within 60 s: %d missing, e.g. %v", len(ids),
			len(missing), missing[:min(len(missing), 5)])
	}
}

// missingNotifications checks the approval notification of each member not yet
// notified: at most one, with its number. It marks those found and names the
// others.
func missingNotifications(t *testing.T, env *Env, ids, names, numbers []string, notified []bool) []string {
	t.Helper()
	var missing []string
	for i, id := range ids {
		if notified[i] {
			continue
		}
		p := access.Principal{Kind: access.PrincipalMember, ID: id, Role: access.RoleEnterprise}
		list, err := env.App.Queries.MemberNotifications.Handle(context.Background(), query.MemberNotifications{Principal: p})
		require.NoError(t, err)
		text := notification.ApplicationApprovedText(notification.Subject(false, names[i]), numbers[i])
		var approved []string
		for _, it := range list.Items {
			if strings.Contains(it.Text, "的入会申请资料已通过") {
				approved = append(approved, it.Text)
			}
		}
		require.LessOrEqual(t, len(approved), 1, "%s: approval notified more than once: %v", names[i], approved)
		if len(approved) == 1 {
			require.Equal(t, text, approved[0], names[i])
			notified[i] = true
		} else {
			missing = append(missing, "notification to "+names[i])
		}
	}
	return missing
}

// missingApprovalMails checks the approval emails: at most one per address, with
// the member's number. It names the addresses still without one.
func missingApprovalMails(t *testing.T, env *Env, emails, numbers []string) []string {
	t.Helper()
	const subject = "入会申请审核通过"
	mails, err := env.Mailbox.Messages()
	require.NoError(t, err)
	perAddr := map[string][]Mail{}
	for _, m := range mails {
		if strings.Contains(m.Subject, subject) {
			for _, to := range m.To {
				perAddr[strings.ToLower(to)] = append(perAddr[strings.ToLower(to)], m)
			}
		}
	}
	var missing []string
	for i, addr := range emails {
		got := perAddr[addr]
		require.LessOrEqual(t, len(got), 1, "%s: approval mailed more than once", addr)
		if len(got) == 1 {
			require.Contains(t, got[0].Text, "「"+numbers[i]+"」", addr)
		} else {
			missing = append(missing, "email to "+addr)
		}
	}
	return missing
}
