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
)

func (e *env) createStaff() *command.CreateStaffHandler {
	return command.NewCreateStaffHandler(e.store.Staff(), apptest.Hasher{}, e.clock, e.store.Transactor(), e.auditor())
}

// A back-office account is stored with its role and the hashed password; the
// display name defaults to the user name.
func TestCreateStaff(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id, err := e.createStaff().Handle(e.ctx, command.CreateStaff{Username: " finance1 ", Email: " Cai@Example.com",
		Role: "finance", Password: "abc1234567"})
	require.NoError(t, err)
	s, err := e.store.Staff().GetByUsername(e.ctx, "finance1")
	require.NoError(t, err)
	assert.Equal(t, id, s.ID())
	assert.Equal(t, "finance1", s.DisplayName())
	assert.Equal(t, "cai@example.com", s.Email())
	assert.Equal(t, access.RoleFinance, s.Role())
	assert.Equal(t, "plain:abc1234567", s.PasswordHash())
	assert.True(t, e.clock.Now().Equal(s.CreatedAt()))

	entry := e.auditedOnce(audit.StaffCreate, access.Principal{}, "") // memberctl: the system
	assert.Equal(t, "staff:"+id, entry.Subject)
	assert.Equal(t, "新建工作人员账号 finance1，角色：财务", entry.Summary)
	assert.Equal(t, []audit.Change{{Field: "username", Label: "用户名", After: "finance1"},
		{Field: "display_name", Label: "姓名", After: "finance1"},
		{Field: "role", Label: "角色", After: "财务（finance）"}}, entry.Changes)
}

// Refusals: a weak password (checked first), a bad user name or role, a taken
// user name. Only the first account is stored.
func TestCreateStaffRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.createStaff().Handle(e.ctx, command.CreateStaff{Username: "x", Role: "boss", Password: "abcdefghij"})
	assert.Equal(t, map[string]string{"password": "password_weak"}, fieldCodes(err), "the password is checked first")
	_, err = e.createStaff().Handle(e.ctx, command.CreateStaff{Username: "x", Role: "boss", Password: "abc123456"})
	assert.Equal(t, map[string]string{"password": "password_too_short"}, fieldCodes(err),
		"a staff password needs ten characters")
	_, err = e.createStaff().Handle(e.ctx, command.CreateStaff{Username: "x y", Role: "enterprise", Password: "abc1234567"})
	assert.Equal(t, map[string]string{"username": "username_invalid", "role": "role_invalid"}, fieldCodes(err))

	_, err = e.createStaff().Handle(e.ctx, command.CreateStaff{Username: "li", Role: "reviewer", Password: "abc1234567"})
	require.NoError(t, err)
	_, err = e.createStaff().Handle(e.ctx, command.CreateStaff{Username: "li", Role: "admin", Password: "abc1234567"})
	wantErr(t, err, apperr.KindConflict, "username_taken")
	assert.Equal(t, "username_taken", fieldCodes(err)["username"])
	s, err := e.store.Staff().GetByUsername(e.ctx, "li")
	require.NoError(t, err)
	assert.Equal(t, access.RoleReviewer, s.Role(), "the first account stays")
	assert.Len(t, e.audited(audit.StaffCreate), 1, "only the account stored is recorded")
}
