package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/captcha"
)

// Disabling a staff account ends its sessions at once; with the right password
// it is told it is disabled, with a wrong one it gets the usual answer.
func TestDisableStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.staff("finance1", access.RoleFinance)
	e.sessions(p)
	h := command.NewDisableStaffHandler(e.store.Staff(), e.store.Sessions(), e.clock, e.store.Transactor(),
		e.auditor())
	require.NoError(t, h.Handle(e.ctx, command.DisableStaff{Username: " finance1 "}))
	assert.Zero(t, e.dropSessions(), "its sessions ended")
	s, err := e.store.Staff().Get(e.ctx, p.ID)
	require.NoError(t, err)
	assert.True(t, s.Disabled())
	entry := e.auditedOnce(audit.StaffDisable, access.Principal{}, "")
	assert.Equal(t, "staff:"+p.ID, entry.Subject)
	assert.Equal(t, "停用工作人员账号 finance1，其登录会话立即失效", entry.Summary)
	require.NoError(t, h.Handle(e.ctx, command.DisableStaff{Username: "finance1"}), "disabling twice is fine")
	assert.Len(t, e.audited(audit.StaffDisable), 1, "and changes nothing to record")

	login := func(pw string) error {
		_, err := e.staffLogin().Handle(e.ctx, command.StaffLogin{Username: "finance1", Password: pw,
			CaptchaToken: e.pass(captcha.PurposeStaffLogin)})
		return err
	}
	assert.Equal(t, map[string]string{"username": "account_disabled"}, fieldCodes(login(apptest.Password)))
	assert.Equal(t, map[string]string{"password": "invalid_credentials"}, fieldCodes(login("wrong12345")))
	assert.Zero(t, e.dropSessions())

	wantErr(t, h.Handle(e.ctx, command.DisableStaff{Username: "nobody"}), apperr.KindNotFound, "staff_not_found")
}

// A role change is stored for the account; an unknown role or account is
// refused.
func TestChangeStaffRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.staff("rev1", access.RoleReviewer)
	h := command.NewChangeStaffRoleHandler(e.store.Staff(), e.store.Transactor(), e.auditor())
	require.NoError(t, h.Handle(e.ctx, command.ChangeStaffRole{Username: "rev1", Role: " admin "}))
	s, err := e.store.Staff().Get(e.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, access.RoleAdmin, s.Role())
	entry := e.auditedOnce(audit.StaffChangeRole, access.Principal{}, "")
	assert.Equal(t, "staff:"+p.ID, entry.Subject)
	assert.Equal(t, []audit.Change{{Field: "role", Label: "角色", Before: "工作人员（reviewer）", After: "系统管理员（admin）"}},
		entry.Changes, "role before → after")

	require.NoError(t, h.Handle(e.ctx, command.ChangeStaffRole{Username: "rev1", Role: "admin"}))
	err = h.Handle(e.ctx, command.ChangeStaffRole{Username: "rev1", Role: "enterprise"})
	assert.Equal(t, map[string]string{"role": "role_invalid"}, fieldCodes(err))
	wantErr(t, h.Handle(e.ctx, command.ChangeStaffRole{Username: "nobody", Role: "admin"}), apperr.KindNotFound,
		"staff_not_found")
	assert.Len(t, e.audited(audit.StaffChangeRole), 1, "the same role again and the refusals record nothing")
}
