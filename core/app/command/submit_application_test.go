package command_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) submitApplication() *command.SubmitApplicationHandler {
	return command.NewSubmitApplicationHandler(e.store.Members(), e.policy, e.clock)
}

// An enterprise with a complete form, its scan and the tick submits; the
// application waits for review and ApplicationSubmitted is recorded.
func TestSubmitApplication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	p := apptest.MemberOf(m)
	_, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: p, FileName: "a.png",
		Content: bytes.NewReader(apptest.PNG(4, 4))})
	require.NoError(t, err)
	skip := len(e.store.Events())

	require.NoError(t, e.submitApplication().Handle(e.ctx, command.SubmitApplication{Principal: p, ConfirmStamped: true}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusSubmitted, got.Status())
	assert.True(t, got.Application().ConfirmedStamped)
	assert.Equal(t, e.clock.Now(), got.Application().SubmittedAt)
	assert.Equal(t, []string{"member.application_submitted"}, e.eventNames(skip))
}

// A returned application is corrected and submitted again (individuals tick
// nothing).
func TestSubmitApplicationAgainAfterRejection(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusRejected)
	require.NoError(t, e.submitApplication().Handle(e.ctx, command.SubmitApplication{Principal: apptest.MemberOf(m)}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusSubmitted, got.Status())
	assert.Empty(t, got.RejectReason())
}

// Refusals: no form yet, no scan and no tick, already submitted, staff, nobody.
// None changes a member.
func TestSubmitApplicationRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := e.member(member.Individual, "张三", member.StatusRegistered)
	draft := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	submitted := e.member(member.Individual, "李四", member.StatusSubmitted)
	ids := []string{fresh.ID(), draft.ID(), submitted.ID()}
	before := e.state(ids...)
	submit := func(p access.Principal) error {
		return e.submitApplication().Handle(e.ctx, command.SubmitApplication{Principal: p})
	}

	wantErr(t, submit(apptest.MemberOf(fresh)), apperr.KindConflict, member.ErrTransition)
	err := submit(apptest.MemberOf(draft))
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, map[string]string{"scan": "scan_required", "confirm_stamped": "confirm_required"}, fieldCodes(err))
	wantErr(t, submit(apptest.MemberOf(submitted)), apperr.KindConflict, member.ErrTransition)
	err = submit(apptest.StaffOf(access.RoleReviewer))
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "工作人员账号不能办理会员业务", apperr.As(err).Message)
	wantErr(t, submit(access.Guest), apperr.KindUnauthorized, "login_required")
	e.unchanged(before, ids...)
}
