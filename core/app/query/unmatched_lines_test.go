package query_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// The lines of every statement that still need finance, oldest first, a page
// at a time, with the members they may pay for.
func TestUnmatchedLines(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	e.statement("s1",
		payment.StoredLine{Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchAmountMismatch,
			MemberID: a.ID()}},
		payment.StoredLine{Status: payment.LineMatched, Match: payment.Proposal{Kind: payment.MatchReference,
			MemberID: a.ID()}})
	e.clock.Advance(time.Hour)
	e.statement("s2", payment.StoredLine{Status: payment.LineUnmatched}, payment.StoredLine{Status: payment.LineUnmatched})
	h := query.NewUnmatchedLinesHandler(e.store.Members(), e.store.Statements(), e.policy)

	page, err := h.Handle(e.ctx, query.UnmatchedLines{Principal: apptest.StaffOf(access.RoleFinance), PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total)
	assert.Equal(t, 2, page.Pages)
	require.Len(t, page.Items, 2)
	assert.Equal(t, "s1-0", page.Items[0].ID)
	require.NotNil(t, page.Items[0].Member)
	assert.Equal(t, "星河科技有限公司", page.Items[0].Member.Name)
	assert.Equal(t, "金额不符", page.Items[0].MatchLabel)
	assert.False(t, page.Items[0].Confirmable)

	page, err = h.Handle(e.ctx, query.UnmatchedLines{Principal: apptest.StaffOf(access.RoleAdmin), Page: 2, PageSize: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "s2-1", page.Items[0].ID)

	_, err = h.Handle(e.ctx, query.UnmatchedLines{Principal: apptest.StaffOf(access.RoleReviewer)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = h.Handle(e.ctx, query.UnmatchedLines{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
