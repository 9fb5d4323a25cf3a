package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

var t0 = time.Date(2019, 9, 1, 10, 0, 0, 0, time.UTC)

func newMember(t *testing.T, kind member.Kind) *member.Member {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: kind, Name: "测试号", Email: "a@example.com", PasswordHash: "h"}, t0)
	require.NoError(t, err)
	return m
}

func eventNames(es []event.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.EventName())
	}
	return out
}

// walk drives a member through the named steps, failing on the first error.
func walk(t *testing.T, m *member.Member, steps ...string) {
	t.Helper()
	for _, s := range steps {
		require.NoError(t, apply(m, s), "step %s from %s", s, m.Status())
	}
}

func apply(m *member.Member, step string) error {
	switch step {
	case "draft":
		if m.Kind() == member.Individual {
			return m.SaveIndividualForm(membertest.IndividualForm("张三", "a@example.com"), true, t0)
		}
		return m.SaveEnterpriseForm(membertest.EnterpriseForm("测试号"), true, t0)
	case "submit":
		if m.Kind() == member.Enterprise && !m.Application().Scan.Present() {
			if _, err := m.AttachScan(membertest.Scan(m), t0); err != nil {
				return err
			}
		}
		return m.Submit(true, t0)
	case "reject":
		return m.Reject("材料不清晰", t0)
	case "approve":
		return m.Approve("19141263", t0)
	case "claim":
		return m.ClaimPayment(t0)
	case "reject_claim":
		return m.RejectPaymentClaim("未查到汇款", t0)
	case "confirm":
		return m.ConfirmPayment(t0)
	case "forward":
		return m.ForwardToSecretariat(t0)
	case "secretariat":
		return m.ApproveMembership("中质协〔2019〕12号", time.Date(2019, 9, 21, 15, 0, 0, 0, time.UTC), t0)
	case "renew":
		return m.Renew(t0)
	case "scan":
		_, err := m.AttachScan(membertest.Scan(m), t0)
		return err
	case "mark_expiring": // 19 days before the end of a 2019-09-21 → 2020-09-20 validity
		_, err := m.MarkExpiring(time.Date(2020, 9, 1, 9, 0, 0, 0, time.UTC), 30*24*time.Hour)
		return err
	case "lapse": // past the end and a 30-day grace period
		_, err := m.Lapse(afterGrace, 30*24*time.Hour)
		return err
	case "sweep":
		_, err := m.SweepRenewal(afterGrace, member.DefaultRenewalPolicy)
		return err
	case "claim_renewal":
		return m.ClaimRenewal(t0)
	case "reject_renewal_claim":
		return m.RejectRenewalClaim("未查到续费汇款", t0)
	case "confirm_renewal":
		return m.ConfirmRenewal(member.Fee{PaymentID: "r1", AmountFen: 500000, Method: "transfer"}, t0)
	case "suspend":
		return m.Suspend("会费争议，理事会决定暂停", t0)
	case "reinstate":
		return m.Reinstate("争议已解决", t0, member.DefaultRenewalPolicy)
	case "withdraw":
		return m.Withdraw("单位申请退会", true, t0)
	}
	panic(step)
}

// afterGrace is a day past the end (2020-09-20) and the 30-day grace period of the
// validity the secretariat step gives.
var afterGrace = time.Date(2020, 11, 1, 9, 0, 0, 0, time.UTC)

func TestRegisterRecordsEventAndStartsRegistered(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	assert.Equal(t, member.StatusRegistered, m.Status())
	assert.Equal(t, member.LevelOrdinary, m.Level())
	assert.Len(t, m.ID(), 32)
	assert.Equal(t, []string{"member.registered"}, eventNames(m.PullEvents()))
	assert.Empty(t, m.PullEvents(), "events are handed out once")

	ind := newMember(t, member.Individual)
	assert.Equal(t, member.LevelIndividual, ind.Level())
}

func TestRegisterRejectsBadInput(t *testing.T) {
	t.Parallel()
	_, err := member.Register(member.Registration{Kind: "x", Name: "", Email: "bad", PasswordHash: ""}, t0)
	var e *apperr.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, apperr.KindInvalid, e.Kind)
	fields := map[string]bool{}
	for _, f := range e.Fields {
		fields[f.Field] = true
	}
	assert.Equal(t, map[string]bool{"kind": true, "name": true, "email": true, "password": true}, fields)
}

func TestHappyPathThroughTheWholeLifecycle(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	m.PullEvents()
	walk(t, m, "draft", "submit", "reject", "draft", "submit", "approve", "claim", "reject_claim", "claim", "confirm", "forward", "secretariat")
	assert.Equal(t, member.StatusActive, m.Status())
	assert.Equal(t, "19141263", m.Number())
	assert.Equal(t, "2019-09-21", m.ValidFrom().Format(time.DateOnly))
	assert.Equal(t, "2020-09-20", m.ValidUntil().Format(time.DateOnly))
	assert.Equal(t, "中质协〔2019〕12号", m.ApprovalDocNo())
	assert.Empty(t, m.RejectReason())
	assert.Equal(t, []string{
		"member.application_submitted", "member.application_rejected", "member.application_submitted",
		"member.application_approved", "member.payment_claimed", "member.payment_claim_rejected",
		"member.payment_claimed", "member.payment_confirmed", "member.forwarded_to_secretariat",
		"member.membership_approved",
	}, eventNames(m.PullEvents()))
}

func TestForbiddenTransitionsChangeNothing(t *testing.T) {
	t.Parallel()
	// From every status, every action that the lifecycle forbids is refused and
	// leaves the member and its events unchanged; every allowed one succeeds and
	// takes the member where the lifecycle graph says it may go.
	active := []string{"draft", "submit", "approve", "confirm", "forward", "secretariat"}
	paths := map[member.Status][]string{
		member.StatusRegistered:          {},
		member.StatusDraft:               {"draft"},
		member.StatusSubmitted:           {"draft", "submit"},
		member.StatusRejected:            {"draft", "submit", "reject"},
		member.StatusApproved:            {"draft", "submit", "approve"},
		member.StatusPaymentClaimed:      {"draft", "submit", "approve", "claim"},
		member.StatusPaid:                {"draft", "submit", "approve", "confirm"},
		member.StatusAwaitingSecretariat: {"draft", "submit", "approve", "confirm", "forward"},
		member.StatusActive:              active,
		member.StatusExpiring:            append(append([]string(nil), active...), "mark_expiring"),
		member.StatusLapsed:              append(append([]string(nil), active...), "lapse"),
		member.StatusSuspended:           append(append([]string(nil), active...), "suspend"),
		member.StatusWithdrawn:           append(append([]string(nil), active...), "withdraw"),
	}
	for _, st := range member.AllStatuses() {
		require.Contains(t, paths, st, "no path to status %s: the test must start from every status", st)
	}
	for step := range stepTargets {
		require.Contains(t, legalSteps, step, "no allowed statuses listed for %s", step)
	}
	for step := range legalSteps {
		require.Contains(t, stepTargets, step, "no target listed for %s", step)
	}

	for from, path := range paths {
		for step, to := range stepTargets {
			m := newMember(t, member.Enterprise)
			walk(t, m, path...)
			require.Equal(t, from, m.Status())
			m.PullEvents()
			before := m.Snapshot()
			err := apply(m, step)
			if legalSteps[step][from] {
				require.NoError(t, err, "%s from %s", step, from)
				if to == "" {
					assert.Equal(t, from, m.Status(), "%s from %s changes no status", step, from)
				} else {
					assert.True(t, from.CanMoveTo(to), "the lifecycle graph must allow %s → %s", from, to)
					assert.Equal(t, to, m.Status(), "%s from %s", step, from)
				}
				continue
			}
			if silentSteps[step] {
				assert.NoError(t, err, "%s from %s is a no-op, not an error", step, from)
			} else {
				require.Error(t, err, "%s from %s must be refused", step, from)
				assert.True(t, apperr.IsKind(err, apperr.KindConflict), "%s from %s: %v", step, from, err)
			}
			assert.Equal(t, before, m.Snapshot(), "%s from %s changed the member", step, from)
			assert.Empty(t, m.PullEvents(), "%s from %s recorded events", step, from)
		}
	}

	// Every edge of the lifecycle graph is taken by some allowed action.
	for _, from := range member.AllStatuses() {
		for _, to := range member.AllStatuses() {
			if !from.CanMoveTo(to) {
				continue
			}
			used := false
			for step, target := range stepTargets {
				used = used || (target == to && legalSteps[step][from])
			}
			assert.True(t, used, "no action moves %s → %s", from, to)
		}
	}
}

// stepTargets is the status each action of apply leads to when allowed; empty for
// actions that change no status (the scan, renewal claims).
var stepTargets = map[string]member.Status{
	"draft": member.StatusDraft, "submit": member.StatusSubmitted, "reject": member.StatusRejected,
	"approve": member.StatusApproved, "claim": member.StatusPaymentClaimed, "reject_claim": member.StatusApproved,
	"confirm": member.StatusPaid, "forward": member.StatusAwaitingSecretariat, "secretariat": member.StatusActive,
	"renew": member.StatusActive, "scan": "",
	"mark_expiring": member.StatusExpiring, "lapse": member.StatusLapsed, "sweep": member.StatusLapsed,
	"claim_renewal": "", "reject_renewal_claim": "", "confirm_renewal": member.StatusActive,
	"suspend": member.StatusSuspended, "reinstate": member.StatusActive, "withdraw": member.StatusWithdrawn,
}

// legalSteps lists, for each action, the statuses it may start from.
var legalSteps = map[string]map[member.Status]bool{
	"draft":                {member.StatusRegistered: true, member.StatusDraft: true, member.StatusRejected: true},
	"scan":                 {member.StatusDraft: true, member.StatusRejected: true},
	"submit":               {member.StatusDraft: true, member.StatusRejected: true},
	"reject":               {member.StatusSubmitted: true},
	"approve":              {member.StatusSubmitted: true},
	"claim":                {member.StatusApproved: true},
	"reject_claim":         {member.StatusPaymentClaimed: true},
	"confirm":              {member.StatusApproved: true, member.StatusPaymentClaimed: true},
	"forward":              {member.StatusPaid: true},
	"secretariat":          {member.StatusAwaitingSecretariat: true},
	"renew":                {member.StatusActive: true, member.StatusExpiring: true, member.StatusLapsed: true},
	"mark_expiring":        {member.StatusActive: true},
	"lapse":                {member.StatusActive: true, member.StatusExpiring: true},
	"sweep":                {member.StatusActive: true, member.StatusExpiring: true},
	"claim_renewal":        {member.StatusExpiring: true, member.StatusLapsed: true},
	"reject_renewal_claim": {member.StatusExpiring: true, member.StatusLapsed: true},
	"confirm_renewal":      {member.StatusExpiring: true, member.StatusLapsed: true},
	"suspend":              {member.StatusActive: true, member.StatusExpiring: true, member.StatusLapsed: true},
	"reinstate":            {member.StatusSuspended: true},
	"withdraw": {member.StatusApproved: true, member.StatusPaid: true, member.StatusAwaitingSecretariat: true,
		member.StatusActive: true, member.StatusExpiring: true, member.StatusLapsed: true, member.StatusSuspended: true},
}

// silentSteps are the actions that pass over a member they do not apply to without
// an error (the daily renewal sweep visits every member); the rest are conflicts.
var silentSteps = map[string]bool{"sweep": true}

func TestRejectNeedsAReason(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	walk(t, m, "draft", "submit")
	err := m.Reject("   ", t0)
	assert.True(t, apperr.IsKind(err, apperr.KindInvalid))
	assert.Equal(t, member.StatusSubmitted, m.Status())
	long := make([]rune, member.MaxReasonLen+1)
	for i := range long {
		long[i] = '错'
	}
	assert.True(t, apperr.IsKind(m.Reject(string(long), t0), apperr.KindInvalid))
	require.NoError(t, m.Reject("请补充盖章", t0))
	assert.Equal(t, "请补充盖章", m.RejectReason())
	walk(t, m, "draft", "submit")
	assert.Empty(t, m.RejectReason(), "a resubmitted application no longer shows the old reason")
}

func TestSecretariatNeedsADocumentNumber(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	walk(t, m, "draft", "submit", "approve", "confirm", "forward")
	err := m.ApproveMembership(" ", t0, t0)
	assert.True(t, apperr.IsKind(err, apperr.KindInvalid))
	assert.Equal(t, member.StatusAwaitingSecretariat, m.Status())
}

func TestExpiryLapseAndRenewal(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Individual)
	walk(t, m, "draft", "submit", "approve", "confirm", "forward", "secretariat") // valid until 2020-09-20
	m.PullEvents()

	changed, err := m.MarkExpiring(time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	require.NoError(t, err)
	assert.False(t, changed, "50 days before the end is not within 30 days")
	changed, err = m.MarkExpiring(time.Date(2020, 8, 25, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, member.StatusExpiring, m.Status())

	changed, err = m.Lapse(time.Date(2020, 9, 25, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	require.NoError(t, err)
	assert.False(t, changed, "still within the grace period")
	changed, err = m.Lapse(time.Date(2020, 10, 21, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	require.NoError(t, err)
	assert.True(t, changed)
	assert.Equal(t, member.StatusLapsed, m.Status())

	require.NoError(t, m.Renew(t0))
	assert.Equal(t, member.StatusActive, m.Status())
	assert.Equal(t, "2021-09-20", m.ValidUntil().Format(time.DateOnly), "renewal extends from the old end date")
	assert.Equal(t, []string{"member.membership_expiring", "member.membership_lapsed", "member.membership_renewed"}, eventNames(m.PullEvents()))

	// A member that is not active cannot be marked expiring or lapsed.
	fresh := newMember(t, member.Individual)
	_, err = fresh.MarkExpiring(t0, time.Hour)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
	_, err = fresh.Lapse(t0, time.Hour)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
}

func TestOneYearValidity(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"2019-09-21": "2020-09-20",
		"2020-02-29": "2021-02-28",
		"2019-01-01": "2019-12-31",
	}
	for from, want := range cases {
		d, err := time.Parse(time.DateOnly, from)
		require.NoError(t, err)
		assert.Equal(t, want, member.OneYearFrom(d).Format(time.DateOnly), from)
	}
}

func TestRestoreSnapshotRoundTrip(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	walk(t, m, "draft", "submit", "approve")
	s := m.Snapshot()
	r := member.Restore(s)
	assert.Equal(t, s, r.Snapshot())
	assert.Empty(t, r.PullEvents(), "restoring records no events")
}

func TestPasswordChangeAndResetEvents(t *testing.T) {
	t.Parallel()
	m := member.Restore(member.Snapshot{ID: "x", Kind: member.Individual, Name: "张三", Email: "z@example.com",
		PasswordHash: "old", Status: member.StatusActive, MustChangePassword: true})
	m.ChangePassword("new", t0)
	assert.Equal(t, "new", m.PasswordHash())
	assert.False(t, m.MustChangePassword())
	m.RequestPasswordReset("link-1", t0.Add(time.Hour), t0)
	es := m.PullEvents()
	require.Len(t, es, 2)
	reset, ok := es[1].(member.PasswordResetRequested)
	require.True(t, ok)
	assert.Equal(t, "link-1", reset.LinkID)
	assert.Equal(t, "z@example.com", reset.Email)
}

func TestEventRegistryKnowsEveryEvent(t *testing.T) {
	t.Parallel()
	reg := event.Registry{}
	member.RegisterEvents(reg)
	assert.Len(t, reg, 25+4+1+2+2) // 17 + the two login-email change events + the six staff changes + 信息变更 (4) + 完善理事资料's return + the two of 导入老会员 + 企业投稿's two decisions
	for name, f := range reg {
		assert.Equal(t, name, f().EventName())
	}
}

// A renewal adds one year of validity starting the day after the old end date,
// by the same rule as the first year (OneYearFrom), leap days included.
func TestRenewalAddsOneYearFromTheDayAfterTheOldEnd(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return d
	}
	for _, tc := range []struct{ until, want string }{
		{"2020-09-20", "2021-09-20"}, // validity 2020-09-21 … 2021-09-20
		{"2024-02-29", "2025-02-28"}, // 2024-03-01 … 2025-02-28, not 2025-03-01
		{"2023-02-28", "2024-02-29"}, // 2023-03-01 … 2024-02-29, the leap day included
		{"2024-02-28", "2025-02-28"}, // 2024-02-29 … 2025-02-28
		{"2023-12-31", "2024-12-31"},
	} {
		for _, st := range []member.Status{member.StatusActive, member.StatusExpiring, member.StatusLapsed} {
			s := newMember(t, member.Enterprise).Snapshot()
			s.Status, s.Number = st, "19141263"
			s.ValidFrom, s.ValidUntil = day(tc.until).AddDate(-1, 0, 1), day(tc.until)
			m := member.Restore(s)
			require.NoError(t, m.Renew(t0), "%s from %s", tc.until, st)
			assert.Equal(t, tc.want, m.ValidUntil().Format(time.DateOnly), "renewal of a validity ending %s (%s)", tc.until, st)
			assert.Equal(t, member.StatusActive, m.Status())
			// The new year is exactly what a first year starting the next day gives.
			assert.Equal(t, member.OneYearFrom(day(tc.until).AddDate(0, 0, 1)), m.ValidUntil())
		}
	}
	assert.Equal(t, "2020-09-20", member.OneYearFrom(day("2019-09-21")).Format(time.DateOnly), "the first-year rule")
}
