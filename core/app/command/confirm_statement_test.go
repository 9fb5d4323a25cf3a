package command_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) confirmStatement() *command.ConfirmStatementHandler {
	return command.NewConfirmStatementHandler(e.store.Members(), e.store.Payments(), e.store.Statements(),
		e.store.Transactor(), e.settings(), e.policy, e.clock, cst(), e.auditor())
}

func (e *env) confirmLines(statementID string, lineIDs ...string) (command.ConfirmedStatement, error) {
	return e.confirmStatement().Handle(e.ctx, command.ConfirmStatement{Principal: apptest.StaffOf(access.RoleFinance),
		StatementID: statementID, LineIDs: lineIDs})
}

// Confirming a statement books every line matched by reference code as
// finance would (the company gets a new transfer payment); the line matched by
// the person's name and fee only is a proposal, left for finance to confirm by
// naming it (the person's open claim is then the one confirmed). Both move on
// to the secretariat and the lines record their payments.
func TestConfirmStatement(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	claimID := e.claim(b.person)
	imported := e.importFile(b.file())

	out, err := e.confirmLines(" " + imported.StatementID + " ")
	require.NoError(t, err)
	assert.Equal(t, 1, out.Confirmed, "the line with the reference code")
	assert.Equal(t, 1, out.Proposed, "the line matched by name waits")
	require.Len(t, out.PaymentIDs, 1)
	_, lines, err := e.store.Statements().Get(e.ctx, imported.StatementID)
	require.NoError(t, err)
	assert.Equal(t, payment.LineMatched, lines[1].Status, "proposed, not confirmed")
	assert.Equal(t, member.StatusPaymentClaimed, e.get(b.person.ID()).Status())
	_, err = e.confirmLines(imported.StatementID)
	wantErr(t, err, apperr.KindConflict, "statement_name_matches")

	out, err = e.confirmLines(imported.StatementID, lines[1].ID)
	require.NoError(t, err, "finance confirms the proposal explicitly")
	assert.Equal(t, 1, out.Confirmed)
	assert.Equal(t, []string{claimID}, out.PaymentIDs, "the open claim is the one confirmed")

	for _, m := range []*member.Member{b.company, b.person} {
		assert.Equal(t, member.StatusAwaitingSecretariat, e.get(m.ID()).Status())
		ps := e.paymentsOf(m.ID())
		require.Len(t, ps, 1)
		assert.Equal(t, payment.StatusConfirmed, ps[0].Status())
		assert.Equal(t, payment.SourceStatement, ps[0].Source())
		assert.Equal(t, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), ps[0].PaidOn())
	}
	_, lines, err = e.store.Statements().Get(e.ctx, imported.StatementID)
	require.NoError(t, err)
	assert.Equal(t, payment.LineConfirmed, lines[0].Status)
	assert.Equal(t, e.paymentsOf(b.company.ID())[0].ID(), lines[0].PaymentID)
	assert.Equal(t, claimID, lines[1].PaymentID)
	assert.Equal(t, payment.LineUnmatched, lines[2].Status, "the rest waits")
	confirmed := e.audited(audit.StatementConfirm)
	require.Len(t, confirmed, 2, "one entry per line confirmed")
	assert.Equal(t, b.person.ID(), confirmed[0].MemberID, "newest first")
	assert.Equal(t, "payment:"+claimID, confirmed[0].Subject)
	assert.Equal(t, b.company.ID(), confirmed[1].MemberID)
	assert.Equal(t, "staff-finance", confirmed[1].StaffID)
	assert.Regexp(t, `^按银行流水确认缴费 ¥5000（入会会费），对账单第2行，到账 2024-03-01`, confirmed[1].Summary)

	entries := e.auditCount()
	_, err = e.confirmLines(imported.StatementID)
	wantErr(t, err, apperr.KindConflict, "nothing_to_confirm")
	assert.Equal(t, entries, e.auditCount(), "a refusal is not recorded")
}

// Chosen lines only: the person's line is confirmed, the company's waits.
func TestConfirmStatementLines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	lines := e.lines(b)
	out, err := e.confirmLines(lines[0].StatementID, lines[1].ID, " "+lines[1].ID)
	require.NoError(t, err)
	assert.Equal(t, 1, out.Confirmed)
	assert.Equal(t, member.StatusAwaitingSecretariat, e.get(b.person.ID()).Status())
	assert.Equal(t, member.StatusApproved, e.get(b.company.ID()).Status())
	assert.Equal(t, payment.LineMatched, e.line(lines[0].ID).Status)
}

// All or nothing: a line that cannot be booked (its member paid meanwhile)
// fails the whole step with its row, and the other line is not confirmed
// either. Lines that are not matched, confirmed already or unknown are
// refused before anything is booked.
func TestConfirmStatementIsAllOrNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	lines := e.lines(b)
	pid := e.claim(b.person)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), pid, 48000,
		"OTHER1")))
	before := e.state(b.company.ID(), b.person.ID())

	_, err := e.confirmLines(lines[0].StatementID, lines[0].ID, lines[1].ID)
	wantErr(t, err, apperr.KindConflict, "nothing_due")
	assert.Regexp(t, `^第3行：`, apperr.As(err).Message)
	e.unchanged(before, b.company.ID(), b.person.ID())
	assert.Equal(t, payment.LineMatched, e.line(lines[0].ID).Status)
	assert.Empty(t, e.paymentsOf(b.company.ID()))

	_, err = e.confirmLines(lines[0].StatementID, lines[2].ID)
	wantErr(t, err, apperr.KindConflict, "statement_line_unmatched")
	_, err = e.confirmLines(lines[0].StatementID, "no-such-line")
	wantErr(t, err, apperr.KindNotFound, "statement_line_not_found")
	_, err = e.confirmLines("no-such-statement")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)

	_, err = e.confirmLines(lines[0].StatementID, lines[0].ID)
	require.NoError(t, err)
	_, err = e.confirmLines(lines[0].StatementID, lines[0].ID)
	wantErr(t, err, apperr.KindConflict, "statement_line_confirmed")
	assert.Len(t, e.paymentsOf(b.company.ID()), 1, "a line is booked at most once")
}

// A statement with an ambiguous line is not confirmed as a whole; a role other
// than finance or the admin, a member and nobody are refused.
func TestConfirmStatementRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	imported := e.importFile(apptest.StatementFile(
		"2024-03-01,500000,某某贸易公司,会费 "+b.company.PaymentRef()+",B001",
		"2024-03-01,48000,张三,会费 "+b.person.PaymentRef()+" "+b.company.PaymentRef()+",B002"))
	before := e.state(b.company.ID(), b.person.ID())

	_, err := e.confirmLines(imported.StatementID)
	wantErr(t, err, apperr.KindConflict, "statement_ambiguous")
	for _, c := range []struct {
		p    access.Principal
		kind apperr.Kind
	}{
		{apptest.StaffOf(access.RoleSecretariat), apperr.KindForbidden},
		{apptest.MemberOf(b.company), apperr.KindForbidden},
		{access.Guest, apperr.KindUnauthorized},
	} {
		_, err := e.confirmStatement().Handle(e.ctx, command.ConfirmStatement{Principal: c.p,
			StatementID: imported.StatementID})
		assert.True(t, apperr.IsKind(err, c.kind), "%s: %v", c.p.Role, err)
	}
	e.unchanged(before, b.company.ID(), b.person.ID())
}
