package query_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

func (e *env) dashboard(p access.Principal) (query.MemberDashboard, error) {
	return query.NewMemberDashboardHandler(e.store.Members(), e.store.Notifications()).Handle(e.ctx, p)
}

// notify stores n notifications for m, a minute apart, and returns their ids
// oldest first.
func (e *env) notify(m *member.Member, n int) []string {
	e.t.Helper()
	ids := make([]string, n)
	for i := range n {
		e.clock.Advance(time.Minute)
		nt, err := notification.New(m.ID(), fmt.Sprintf("%s-%d", m.ID(), i), notification.CategoryPayment,
			fmt.Sprintf("通知%d", i), e.clock.Now())
		require.NoError(e.t, err)
		_, err = e.store.Notifications().Add(e.ctx, nt)
		require.NoError(e.t, err)
		ids[i] = nt.ID
	}
	return ids
}

// The header and home page of the portal: who the member is, where it stands
// in the join flow, and its latest notifications with the unread count.
func TestMemberDashboard(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	ids := e.notify(m, 7)
	_, err := e.store.Notifications().MarkRead(e.ctx, m.ID(), ids[:3], e.clock.Now())
	require.NoError(t, err)
	events := len(e.store.Events())

	d, err := e.dashboard(apptest.MemberOf(m))
	require.NoError(t, err)
	assert.Equal(t, m.ID(), d.ID)
	assert.Equal(t, "星河科技有限公司", d.Name)
	assert.Equal(t, m.Number(), d.Number)
	assert.Equal(t, member.StatusApproved, d.Status)
	assert.Equal(t, 4, d.Step, "approved: pay the fee")
	assert.Equal(t, "--", d.ValidityText)
	assert.Equal(t, access.RoleEnterprise, d.Role)
	assert.Equal(t, 4, d.UnreadNotifications)
	require.Len(t, d.Notifications, query.DashboardNotifications)
	assert.Equal(t, ids[6], d.Notifications[0].ID, "newest first")
	assert.False(t, d.Notifications[0].Read)
	assert.True(t, d.Notifications[4].Read)
	assert.Equal(t, events, len(e.store.Events()), "a query stores nothing")
}

// What the dashboard says in each state of the membership.
func TestMemberDashboardStates(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		status   member.Status
		validity string
		awaiting bool
	}{
		{member.StatusRegistered, "--", false},
		{member.StatusAwaitingSecretariat, "--(等待秘书处审批)", true},
		{member.StatusActive, "2025-02-28", false},
		{member.StatusLapsed, "2024-01-19", false},
	}
	for i, c := range cases {
		m := e.member(member.Individual, "会员"+string(rune('甲'+i)), c.status)
		d, err := e.dashboard(apptest.MemberOf(m))
		require.NoError(t, err)
		assert.Equal(t, c.validity, d.ValidityText, c.status)
		assert.Equal(t, c.awaiting, d.AwaitingSecretariat, c.status)
		assert.Equal(t, access.RoleIndividual, d.Role)
	}

	rejected := e.member(member.Individual, "退回者", member.StatusRejected)
	d, err := e.dashboard(apptest.MemberOf(rejected))
	require.NoError(t, err)
	assert.Equal(t, "资料不全", d.RejectReason)

	noNotices, err := query.NewMemberDashboardHandler(e.store.Members(), nil).Handle(e.ctx, apptest.MemberOf(rejected))
	require.NoError(t, err)
	assert.Empty(t, noNotices.Notifications)
}

// Only a logged-in member has a dashboard: staff and nobody are asked to log
// in; a member that is gone is NotFound.
func TestMemberDashboardRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.dashboard(apptest.StaffOf(access.RoleAdmin))
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = e.dashboard(access.Guest)
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = e.dashboard(access.Principal{Kind: access.PrincipalMember, ID: "gone", Role: access.RoleIndividual})
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
}
