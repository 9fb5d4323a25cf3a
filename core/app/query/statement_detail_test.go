package query_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) statementDetail(p access.Principal, id string) (query.StatementView, error) {
	return query.NewStatementDetailHandler(e.store.Members(), e.store.Statements(), e.policy).Handle(e.ctx,
		query.StatementDetail{Principal: p, StatementID: id})
}

// A statement with its lines named by their members and counted by state;
// finance may confirm it in one step once no line is ambiguous.
func TestStatementDetail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	b := e.member(member.Enterprise, "星河科技", member.StatusApproved)
	e.statement("s1",
		payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{Kind: payment.MatchReference,
			MemberID: a.ID(), Message: "缴费识别码"}},
		payment.StoredLine{Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchAmbiguous,
			Candidates: []string{a.ID(), b.ID(), "gone"}}},
		payment.StoredLine{Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchNone}},
		payment.StoredLine{Status: payment.LineIgnored, Line: payment.Line{AmountFen: -100},
			Match: payment.Proposal{Kind: payment.MatchDebit}})
	finance := apptest.StaffOf(access.RoleFinance)

	v, err := e.statementDetail(finance, " s1 ")
	require.NoError(t, err)
	assert.Equal(t, "s1", v.Statement.ID)
	assert.Equal(t, [5]int{1, 2, 1, 0, 1}, [5]int{v.Matched, v.Unmatched, v.Ambiguous, v.Confirmed, v.Ignored})
	assert.False(t, v.CanConfirm, "an ambiguous line is left")
	require.Len(t, v.Lines, 4)
	first := v.Lines[0]
	require.NotNil(t, first.Member)
	assert.Equal(t, query.MemberRef{MemberID: a.ID(), Name: "星河科技有限公司", Number: a.Number(),
		Kind: member.Enterprise}, *first.Member)
	assert.True(t, first.Confirmable)
	assert.Equal(t, "¥5,000.00", first.AmountText)
	assert.Equal(t, "缴费识别码匹配", first.MatchLabel)
	assert.Len(t, v.Lines[1].Candidates, 2, "a member that is gone is left out")
	assert.Nil(t, v.Lines[2].Member)

	e.statement("s2", payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{
		Kind: payment.MatchManual, MemberID: b.ID()}})
	v, err = e.statementDetail(finance, "s2")
	require.NoError(t, err)
	assert.True(t, v.CanConfirm)
	v, err = e.statementDetail(apptest.StaffOf(access.RoleAdmin), "s2")
	require.NoError(t, err)
	assert.True(t, v.CanConfirm)
}

// Refusals: an unknown statement; roles without payment:read, members,
// nobody.
func TestStatementDetailRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusApproved)
	e.statement("s1", payment.StoredLine{Status: payment.LineUnmatched})
	_, err := e.statementDetail(apptest.StaffOf(access.RoleFinance), "nothing")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	_, err = e.statementDetail(apptest.StaffOf(access.RoleSecretariat), "s1")
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.statementDetail(apptest.MemberOf(m), "s1")
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.statementDetail(access.Guest, "s1")
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
