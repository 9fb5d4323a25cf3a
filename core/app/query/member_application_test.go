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

func (e *env) memberApplication(p access.Principal, memberID string) (query.ApplicationView, error) {
	return query.NewMemberApplicationHandler(e.store.Members(), e.policy, e.clock).Handle(e.ctx,
		query.MemberApplication{Principal: p, MemberID: memberID})
}

// Before the first save the form is pre-filled from the account and lists what
// is missing; a complete draft without its scan may not be submitted yet.
func TestMemberApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := e.member(member.Enterprise, "星河科技有限公司", member.StatusRegistered)
	v, err := e.memberApplication(apptest.MemberOf(fresh), "")
	require.NoError(t, err)
	assert.Equal(t, fresh.ID(), v.MemberID)
	assert.Equal(t, "星河科技有限公司", v.Enterprise.Name)
	assert.Equal(t, fresh.Email(), v.Enterprise.ContactEmail)
	assert.False(t, v.FormStarted)
	assert.True(t, v.CanEdit)
	assert.False(t, v.CanSubmit)
	assert.True(t, v.NeedsScan)
	codes := map[string]string{}
	for _, f := range v.Missing {
		codes[f.Field] = f.Code
	}
	assert.Equal(t, member.ErrFormRequired, codes["form"])
	assert.Equal(t, "scan_required", codes["scan"])
	assert.Equal(t, "required", codes["uscc"])

	draft := e.member(member.Enterprise, "草稿公司", member.StatusDraft)
	v, err = e.memberApplication(apptest.MemberOf(draft), "")
	require.NoError(t, err)
	assert.True(t, v.FormComplete)
	assert.True(t, v.CanUploadScan)
	assert.False(t, v.CanSubmit, "the scan is missing")
	require.Len(t, v.Missing, 1)
	assert.Equal(t, "scan", v.Missing[0].Field)
	assert.NotEmpty(t, v.Fields)

	person := e.member(member.Individual, "张三", member.StatusRejected)
	v, err = e.memberApplication(apptest.MemberOf(person), person.ID())
	require.NoError(t, err)
	assert.True(t, v.CanSubmit, "a corrected individual form needs no scan")
	assert.Equal(t, "资料不全", v.RejectReason)
	assert.Nil(t, v.Scan)
}

// Staff who read applications see any member's; a member asking for another
// member's is told it does not exist; finance (no application:read) and
// nobody are refused.
func TestMemberApplicationAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	alice := e.member(member.Enterprise, "星河科技有限公司", member.StatusSubmitted)
	bob := e.member(member.Individual, "张三", member.StatusDraft)

	for _, role := range []access.Role{access.RoleReviewer, access.RoleSecretariat, access.RoleAdmin} {
		v, err := e.memberApplication(apptest.StaffOf(role), alice.ID())
		require.NoError(t, err, role)
		assert.Equal(t, member.StatusSubmitted, v.Status)
		require.NotNil(t, v.Scan)
		assert.Equal(t, "入会申请表.png", v.Scan.FileName)
	}
	_, err := e.memberApplication(apptest.MemberOf(bob), alice.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.memberApplication(apptest.StaffOf(access.RoleFinance), alice.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.memberApplication(access.Guest, alice.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	_, err = e.memberApplication(apptest.StaffOf(access.RoleReviewer), "nobody")
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
}
