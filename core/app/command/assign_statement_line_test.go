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

func (e *env) assignLine() *command.AssignStatementLineHandler {
	return command.NewAssignStatementLineHandler(e.store.Members(), e.store.Statements(), e.settings(), e.policy,
		e.clock, cst(), e.store.Transactor(), e.auditor())
}

// lines imports the bank's file and returns its stored lines in file order.
func (e *env) lines(b bank) []payment.StoredLine {
	e.t.Helper()
	out := e.importFile(b.file())
	_, lines, err := e.store.Statements().Get(e.ctx, out.StatementID)
	require.NoError(e.t, err)
	return lines
}

func (e *env) line(id string) payment.StoredLine {
	e.t.Helper()
	l, err := e.store.Statements().GetLine(e.ctx, id)
	require.NoError(e.t, err)
	return l
}

// Finance assigns an unmatched line to the member who owes exactly its amount
// (it becomes confirmable), or sets it aside.
func TestAssignStatementLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	other := e.member(member.Enterprise, "新会员有限公司", member.StatusApproved)
	lines := e.lines(b)
	finance := apptest.StaffOf(access.RoleFinance)
	e.clock.Advance(2 * time.Minute)

	require.NoError(t, e.assignLine().Handle(e.ctx, command.AssignStatementLine{Principal: finance,
		LineID: " " + lines[2].ID + " ", MemberID: " " + other.ID() + " "}))
	l := e.line(lines[2].ID)
	assert.Equal(t, payment.LineMatched, l.Status)
	assert.Equal(t, payment.Proposal{Kind: payment.MatchManual, MemberID: other.ID(),
		Message: "财务指定会员【新会员有限公司】"}, l.Match)
	assert.True(t, e.clock.Now().Equal(l.UpdatedAt))
	entry := e.auditedOnce(audit.StatementAssign, finance, other.ID())
	assert.Equal(t, "statement_line:"+l.ID, entry.Subject)
	assert.Contains(t, entry.Summary, "指定为会员【新会员有限公司】的会费")

	require.NoError(t, e.assignLine().Handle(e.ctx, command.AssignStatementLine{Principal: finance,
		LineID: lines[4].ID, Ignore: true}))
	l = e.line(lines[4].ID)
	assert.Equal(t, payment.LineIgnored, l.Status)
	assert.Equal(t, "财务已忽略此流水", l.Match.Message)
	ignored := e.audited(audit.StatementAssign)
	require.Len(t, ignored, 2)
	assert.Equal(t, "statement_line:"+l.ID, ignored[0].Subject)
	assert.Empty(t, ignored[0].MemberID, "a line set aside concerns no member")
	assert.Contains(t, ignored[0].Summary, "忽略对账单第")
}

// Refusals: a member owing another amount or nothing, no member chosen, a
// debit, a confirmed line, an unknown line, a role other than finance or the
// admin, nobody. None changes a line.
func TestAssignStatementLineRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	lines := e.lines(b)
	finance := apptest.StaffOf(access.RoleFinance)
	assign := func(p access.Principal, line, memberID string) error {
		return e.assignLine().Handle(e.ctx, command.AssignStatementLine{Principal: p, LineID: line, MemberID: memberID})
	}
	unmatched := lines[2]
	entries := e.auditCount() // the import's

	err := assign(finance, unmatched.ID, b.person.ID())
	wantErr(t, err, apperr.KindInvalid, payment.ErrAmountMismatch)
	assert.Equal(t, "到账金额与应缴会费不符：应缴¥480，实际¥5000", apperr.As(err).Message)
	wantErr(t, assign(finance, unmatched.ID, b.active.ID()), apperr.KindConflict, "nothing_due")
	assert.Equal(t, map[string]string{"member_id": "required"}, fieldCodes(assign(finance, unmatched.ID, " ")))
	wantErr(t, assign(finance, unmatched.ID, "nobody"), apperr.KindNotFound, "member_not_found")
	wantErr(t, assign(finance, lines[3].ID, b.company.ID()), apperr.KindConflict, "statement_line_debit")
	wantErr(t, assign(finance, "no-such-line", b.company.ID()), apperr.KindNotFound, "statement_line_not_found")
	err = assign(apptest.StaffOf(access.RoleReviewer), unmatched.ID, b.company.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "您没有权限确认缴费", apperr.As(err).Message)
	wantErr(t, assign(apptest.MemberOf(b.company), unmatched.ID, b.company.ID()), apperr.KindForbidden, "forbidden")
	wantErr(t, assign(access.Guest, unmatched.ID, b.company.ID()), apperr.KindUnauthorized, "login_required")
	assert.Equal(t, unmatched, e.line(unmatched.ID), "the line is unchanged")

	confirmed := e.line(lines[0].ID)
	confirmed.Status = payment.LineConfirmed
	require.NoError(t, e.store.Statements().SaveLine(e.ctx, confirmed, payment.LineMatched))
	wantErr(t, assign(finance, confirmed.ID, b.company.ID()), apperr.KindConflict, "statement_line_confirmed")
	err = e.assignLine().Handle(e.ctx, command.AssignStatementLine{Principal: finance, LineID: confirmed.ID, Ignore: true})
	wantErr(t, err, apperr.KindConflict, "statement_line_confirmed")
	assert.Equal(t, payment.LineConfirmed, e.line(confirmed.ID).Status)
	assert.Equal(t, entries, e.auditCount(), "no refusal is recorded")
}
