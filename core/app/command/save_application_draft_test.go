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
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

func (e *env) saveDraft() *command.SaveApplicationDraftHandler {
	return command.NewSaveApplicationDraftHandler(e.store.Members(), e.files, e.policy, e.clock)
}

// A partial but well-formed draft is stored and the member moves to draft; a
// complete form passes 「下一步」.
func TestSaveApplicationDraft(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusRegistered)
	p := apptest.MemberOf(m)

	partial := application.EnterpriseForm{Name: "星河科技有限公司", Province: "11"}
	require.NoError(t, e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &partial}))
	got := e.get(m.ID())
	assert.Equal(t, member.StatusDraft, got.Status())
	assert.Equal(t, "11", got.Application().Enterprise.Province)
	assert.Equal(t, e.clock.Now(), got.Application().SavedAt)

	err := e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &partial,
		RequireComplete: true})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Equal(t, "required", fieldCodes(err)["uscc"], "「下一步」 needs every field")

	full := membertest.EnterpriseForm("星河科技有限公司")
	require.NoError(t, e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &full,
		RequireComplete: true}))
	assert.True(t, e.get(m.ID()).FormComplete())
}

// A changed enterprise form detaches the stamped scan and deletes its file; an
// unchanged one keeps both.
func TestSaveApplicationDraftDropsTheScanOfAChangedForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusDraft)
	p := apptest.MemberOf(m)
	scan, err := e.uploadScan().Handle(e.ctx, command.UploadApplicationScan{Principal: p, FileName: "a.png",
		Content: bytes.NewReader(apptest.PNG(4, 4))})
	require.NoError(t, err)

	same := membertest.EnterpriseForm("星河科技有限公司")
	require.NoError(t, e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &same}))
	assert.Equal(t, scan.Key, e.get(m.ID()).Application().Scan.Key)
	assert.Equal(t, []string{scan.Key}, e.files.Keys())

	changed := same
	changed.Address = "北京市西城区月坛北小街3号"
	require.NoError(t, e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &changed}))
	assert.False(t, e.get(m.ID()).Application().Scan.Present())
	assert.Empty(t, e.files.Keys(), "the scan's file is deleted")
}

// Refusals: a malformed field, the other kind's form or none, an application
// under review, a staff account or nobody. None changes the member.
func TestSaveApplicationDraftRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	person := e.member(member.Individual, "张三", member.StatusRegistered)
	submitted := e.member(member.Individual, "李四", member.StatusSubmitted)
	before := e.state(person.ID(), submitted.ID())
	p := apptest.MemberOf(person)

	bad := application.IndividualForm{IDNumber: "123"}
	err := e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Individual: &bad})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Contains(t, fieldCodes(err), "id_number")

	ent := membertest.EnterpriseForm("星河科技有限公司")
	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &ent})
	wantErr(t, err, apperr.KindInvalid, member.ErrFormKind)
	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p})
	wantErr(t, err, apperr.KindInvalid, member.ErrFormKind)
	ind := membertest.IndividualForm("张三", person.Email())
	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: p, Individual: &ind, Enterprise: &ent})
	wantErr(t, err, apperr.KindInvalid, member.ErrFormKind)

	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: apptest.MemberOf(submitted),
		Individual: &ind})
	wantErr(t, err, apperr.KindConflict, member.ErrTransition)

	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: apptest.StaffOf(access.RoleAdmin),
		Individual: &ind})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	assert.Equal(t, "工作人员账号不能办理会员业务", apperr.As(err).Message)
	err = e.saveDraft().Handle(e.ctx, command.SaveApplicationDraft{Principal: access.Guest, Individual: &ind})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
	e.unchanged(before, person.ID(), submitted.ID())
}
