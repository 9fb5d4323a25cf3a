package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// Each line says why it was matched (参考码, 户名+金额, 手动指定); a line matched by
// name and amount only is a proposal finance confirms on its own, so a
// statement of proposals alone offers no confirmation in one step.
func TestStatementDetailShowsWhyAndProposals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	b := e.member(member.Individual, "张三", member.StatusApproved)
	c := e.member(member.Individual, "李四", member.StatusApproved)
	e.statement("s1",
		payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{Kind: payment.MatchReference,
			MemberID: a.ID()}},
		payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{Kind: payment.MatchNameAmount,
			MemberID: b.ID()}},
		payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{Kind: payment.MatchManual,
			MemberID: c.ID()}})
	finance := apptest.StaffOf(access.RoleFinance)
	v, err := e.statementDetail(finance, "s1")
	require.NoError(t, err)
	assert.Equal(t, 3, v.Matched)
	assert.Equal(t, 1, v.Proposed)
	assert.True(t, v.CanConfirm, "the reference code's and finance's lines")
	assert.True(t, v.CanConfirmOne)
	require.Len(t, v.Lines, 3)
	var basis []string
	var proposed []bool
	for _, l := range v.Lines {
		basis, proposed = append(basis, l.Basis), append(proposed, l.Proposed)
	}
	assert.Equal(t, []string{"参考码", "户名+金额", "手动指定"}, basis)
	assert.Equal(t, []bool{false, true, false}, proposed)

	e.statement("s2", payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{
		Kind: payment.MatchNameAmount, MemberID: b.ID()}})
	v, err = e.statementDetail(finance, "s2")
	require.NoError(t, err)
	assert.False(t, v.CanConfirm, "proposals only: nothing to confirm in one step")
	v, err = e.statementDetail(apptest.StaffOf(access.RoleSecretariat), "s2")
	assert.Error(t, err)
}
