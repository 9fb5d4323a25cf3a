package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// A member whose application form names another member (stored before forms
// were bound to the registered name) is not proposed for that member's money:
// lines are matched by registered names only. And the bulk confirmation books
// no line matched by name alone.
func TestStatementNeverCreditsAMemberByAnotherMembersName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	victim := e.member(member.Enterprise, "甲科技有限公司", member.StatusActive) // owes nothing now
	m := apptest.NewMember(t, member.Enterprise, "乙贸易有限公司", member.StatusApproved, e.clock.Now())
	s := m.Snapshot()
	s.Application.Enterprise.Name = "甲科技有限公司" // the form once named the victim
	require.NoError(t, e.store.Members().Add(e.ctx, member.Restore(s)))

	imported := e.importFile(apptest.StatementFile("2024-03-01,500000,甲科技有限公司,会费,B001"))
	assert.Equal(t, 0, imported.Matched, "the victim's money is proposed for nobody")
	_, lines, err := e.store.Statements().Get(e.ctx, imported.StatementID)
	require.NoError(t, err)
	require.Len(t, lines, 1)
	assert.Equal(t, payment.MatchNothingDue, lines[0].Match.Kind)
	assert.Equal(t, victim.ID(), lines[0].Match.MemberID, "the registered name's owner")
	_, err = e.confirmLines(imported.StatementID)
	wantErr(t, err, apperr.KindConflict, "nothing_to_confirm")
	assert.Equal(t, member.StatusApproved, e.get(m.ID()).Status(), "nothing credited to the other member")
	assert.Empty(t, e.paymentsOf(m.ID()))
}
