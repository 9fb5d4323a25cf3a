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
)

func (e *env) applicationDetail(p access.Principal, memberID string) (query.ApplicationDetailView, error) {
	return query.NewApplicationDetailHandler(e.store.Members(), e.policy, e.clock, "星河协会").Handle(e.ctx,
		query.ApplicationDetail{Principal: p, MemberID: memberID})
}

// The back office's view of an application: the form as printed and whether
// the principal may decide on it now (a reviewer, while it is submitted).
func TestApplicationDetail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)

	v, err := e.applicationDetail(apptest.StaffOf(access.RoleReviewer), m.ID())
	require.NoError(t, err)
	assert.Equal(t, m.ID(), v.MemberID)
	assert.True(t, v.CanReview)
	assert.Equal(t, "星河协会单位会员入会申请表", v.Document.Title)
	assert.Equal(t, "星河科技有限公司", v.Document.Subtitle)
	require.NotEmpty(t, v.Document.Sections)
	assert.Equal(t, "企业信息", v.Document.Sections[0].Title)
	assert.Equal(t, "单位名称", v.Document.Sections[0].Rows[0].Label)
	assert.Equal(t, "星河科技有限公司", v.Document.Sections[0].Rows[0].Value)
	for _, sec := range v.Document.Sections {
		for _, r := range sec.Rows {
			switch {
			case sec.Title == "单位简介":
				assert.Empty(t, r.Label, "单位简介 is printed once, as the section's title")
			case r.Label == "填表日期":
				assert.Equal(t, "2019年08月01日", r.Value, "dates in the Chinese style (stored 2019-08-01)")
			}
		}
	}

	v, err = e.applicationDetail(apptest.StaffOf(access.RoleSecretariat), m.ID())
	require.NoError(t, err)
	assert.False(t, v.CanReview, "the secretariat reads but does not review")

	approved := e.member(member.Individual, "张三", member.StatusApproved)
	v, err = e.applicationDetail(apptest.StaffOf(access.RoleAdmin), approved.ID())
	require.NoError(t, err)
	assert.False(t, v.CanReview, "decided already")
	assert.Equal(t, "星河协会个人会员入会申请表", v.Document.Title)
	assert.Contains(t, v.Document.Footer, approved.Number())
}

// Refusals: a member that never saved a form has no application; a member
// asking through the back office is told it does not exist; finance and
// nobody are refused.
func TestApplicationDetailRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := e.member(member.Individual, "张三", member.StatusRegistered)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	_, err := e.applicationDetail(apptest.StaffOf(access.RoleReviewer), fresh.ID())
	wantErr(t, err, apperr.KindNotFound, "application_not_found")
	_, err = e.applicationDetail(apptest.MemberOf(m), m.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.applicationDetail(apptest.StaffOf(access.RoleFinance), m.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.applicationDetail(access.Guest, m.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")

	broken := query.NewApplicationDetailHandler(e.store.Members(), apptest.BrokenPolicy{}, e.clock, "星河协会")
	_, err = broken.Handle(e.ctx, query.ApplicationDetail{Principal: apptest.StaffOf(access.RoleReviewer),
		MemberID: m.ID()})
	wantErr(t, err, apperr.KindInternal, "internal")
}
