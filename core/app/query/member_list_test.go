package query_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) memberList() *query.MemberListHandler {
	return query.NewMemberListHandler(e.store.Directory(nil), e.policy, e.clock, nil)
}

func itemNames(v query.MemberListView) []string {
	out := make([]string, len(v.Items))
	for i, it := range v.Items {
		out[i] = it.Name
	}
	return out
}

// Every duty reads the registry; members and guests do not.
func TestMemberListWho(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "中国质量协会", member.StatusActive)
	h := e.memberList()
	for _, role := range access.StaffRoles() {
		v, err := h.Handle(e.ctx, query.MemberList{Principal: e.staff("s-"+string(role), role)})
		if role == access.RoleEditor { // the site's editor has no business in the registry
			wantErr(t, err, apperr.KindForbidden, "forbidden")
			continue
		}
		require.NoError(t, err, role)
		assert.Equal(t, []string{"中国质量协会"}, itemNames(v), role)
	}
	own := access.Principal{Kind: access.PrincipalMember, ID: m.ID(), Role: access.RoleEnterprise}
	_, err := h.Handle(e.ctx, query.MemberList{Principal: own})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = h.Handle(e.ctx, query.MemberList{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}

// Filters, search, order and page, and the counts beside the filters.
func TestMemberListFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.member(member.Enterprise, "中国质量协会", member.StatusActive)
	e.member(member.Enterprise, "上海精工机械有限公司", member.StatusSubmitted)
	e.member(member.Individual, "张三", member.StatusApproved)
	staff := e.staff("reviewer", access.RoleReviewer)
	h := e.memberList()
	v, err := h.Handle(e.ctx, query.MemberList{Principal: staff, Filters: query.MemberFilters{Search: "zgzl"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"中国质量协会"}, itemNames(v), "pinyin initials")
	v, err = h.Handle(e.ctx, query.MemberList{Principal: staff, Filters: query.MemberFilters{Search: " 质量 ",
		Status: "active", Kind: "enterprise", Province: "11", Industry: "C", FeeState: "paid", JoinedYear: "2024",
		ExpiringWithin: " 400 ", Level: "普通会员"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"中国质量协会"}, itemNames(v))
	assert.Equal(t, "质量", v.Filters.Search, "the filters as applied")
	assert.Equal(t, "400", v.Filters.ExpiringWithin)
	it := v.Items[0]
	assert.Equal(t, "北京市", it.ProvinceLabel)
	assert.Equal(t, "制造业", it.IndustryLabel)
	assert.Equal(t, "正常", it.StatusLabel)
	assert.Equal(t, "已缴费", it.FeeLabel)

	v, err = h.Handle(e.ctx, query.MemberList{Principal: staff, Sort: "-name", Facets: true,
		Filters: query.MemberFilters{Kind: "enterprise"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"中国质量协会", "上海精工机械有限公司"}, itemNames(v), "zhong… after shang… reversed")
	require.NotNil(t, v.Facets)
	kinds := v.Facets.Kind.Options
	assert.Equal(t, query.FacetOption{Value: "enterprise", Label: "单位会员", Count: 2, Selected: true}, kinds[0])
	assert.Equal(t, query.FacetOption{Value: "individual", Label: "个人会员", Count: 1}, kinds[1])
	assert.Len(t, v.Facets.Status.Options, len(member.AllStatuses()), "every status is offered")
	assert.Len(t, v.Facets.All(), 8)
	assert.Equal(t, "2024", v.Facets.JoinedYear.Options[0].Value)
}

// Paging: sizes, the page past the end, and bad input.
func TestMemberListPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []string{"甲公司", "乙公司", "丙公司"} {
		e.member(member.Enterprise, n, member.StatusRegistered)
	}
	staff := e.staff("finance", access.RoleFinance)
	h := e.memberList()
	v, err := h.Handle(e.ctx, query.MemberList{Principal: staff, PageSize: 2, Page: 9})
	require.NoError(t, err)
	assert.True(t, v.Clamped, "a page past the end shows the last")
	assert.Equal(t, 2, v.Page)
	assert.Equal(t, 2, v.Pages)
	assert.Len(t, v.Items, 1)
	assert.Equal(t, 3, v.Total)
	v, err = h.Handle(e.ctx, query.MemberList{Principal: staff, Filters: query.MemberFilters{Search: "不存在"}, Page: 3})
	require.NoError(t, err)
	assert.Equal(t, 1, v.Page, "an empty list has its first page")
	assert.Empty(t, v.Items)
	assert.Equal(t, query.DefaultPageSize, v.PageSize)

	bad := []struct {
		q     query.MemberList
		field string
	}{
		{query.MemberList{Page: -1}, "page"},
		{query.MemberList{PageSize: -5}, "page_size"},
		{query.MemberList{PageSize: 101}, "page_size"},
		{query.MemberList{Sort: "age"}, "sort"},
		{query.MemberList{Filters: query.MemberFilters{Status: "sleeping"}}, "status"},
		{query.MemberList{Filters: query.MemberFilters{Kind: "robot"}}, "kind"},
		{query.MemberList{Filters: query.MemberFilters{Level: "总裁"}}, "level"},
		{query.MemberList{Filters: query.MemberFilters{Province: "99"}}, "province"},
		{query.MemberList{Filters: query.MemberFilters{Industry: "Z"}}, "industry"},
		{query.MemberList{Filters: query.MemberFilters{FeeState: "free"}}, "fee_state"},
		{query.MemberList{Filters: query.MemberFilters{JoinedYear: "19"}}, "joined_year"},
		{query.MemberList{Filters: query.MemberFilters{ExpiresBefore: "2024-02-30"}}, "expires_before"},
		{query.MemberList{Filters: query.MemberFilters{ExpiresAfter: "2025-01-02", ExpiresBefore: "2025-01-01"}},
			"expires_after"},
		{query.MemberList{Filters: query.MemberFilters{ExpiringWithin: "0"}}, "expiring_within"},
		{query.MemberList{Filters: query.MemberFilters{ExpiringWithin: "abc"}}, "expiring_within"},
		{query.MemberList{Filters: query.MemberFilters{Search: strings.Repeat("质", 101)}}, "q"},
	}
	for _, tc := range bad {
		tc.q.Principal = staff
		_, err := h.Handle(e.ctx, tc.q)
		wantErr(t, err, apperr.KindInvalid, "invalid_input")
		fields := apperr.As(err).Fields
		require.Len(t, fields, 1, tc.field)
		assert.Equal(t, tc.field, fields[0].Field)
		assert.NotEmpty(t, fields[0].Message)
	}
}
