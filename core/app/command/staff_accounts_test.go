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
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// staffAdmin is the world of 工作人员管理's tests: the store's ports and one
// admin account acting.
type staffAdmin struct {
	*env
	p     command.StaffAccountPorts
	admin access.Principal
}

func newStaffAdmin(t *testing.T) *staffAdmin {
	t.Helper()
	e := newEnv(t)
	p := command.StaffAccountPorts{Tx: e.store.Transactor(), Staff: e.store.Staff(), Sessions: e.store.Sessions(),
		Hasher: apptest.Hasher{}, Authz: e.policy, Audit: command.NewAuditor(e.store.AuditLog(), e.clock),
		Clock: e.clock}
	sa := &staffAdmin{env: e, p: p}
	sa.admin = sa.account("boss", access.RoleAdmin)
	sa.admin.Address = "198.51.100.7"
	return sa
}

// account stores an account of role and returns its principal.
func (sa *staffAdmin) account(username string, role access.Role) access.Principal {
	sa.t.Helper()
	s, err := staff.New(username, "", "", role, "plain:old-pass-123", sa.clock.Now())
	require.NoError(sa.t, err)
	require.NoError(sa.t, sa.store.Staff().Add(sa.ctx, s))
	return access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: role}
}

// session starts a session of p and returns its token hash.
func (sa *staffAdmin) session(p access.Principal) string {
	sa.t.Helper()
	s, _ := auth.NewSession(p, false, sa.clock.Now())
	require.NoError(sa.t, sa.store.Sessions().Create(sa.ctx, s))
	return s.TokenHash
}

// alive reports whether the session is still found.
func (sa *staffAdmin) alive(hash string) bool {
	_, err := sa.store.Sessions().Get(sa.ctx, hash, sa.clock.Now())
	return err == nil
}

// entries are the audit log's entries, newest first.
func (sa *staffAdmin) entries() []audit.Entry {
	sa.t.Helper()
	got, _, err := sa.store.AuditLog().List(sa.ctx, ports.AuditQuery{})
	require.NoError(sa.t, err)
	return got
}

func (sa *staffAdmin) staff(id string) *staff.Staff {
	sa.t.Helper()
	s, err := sa.store.Staff().Get(sa.ctx, id)
	require.NoError(sa.t, err)
	return s
}

func fieldCode(t *testing.T, err error, field string) string {
	t.Helper()
	require.Error(t, err)
	for _, f := range apperr.As(err).Fields {
		if f.Field == field {
			require.NotEmpty(t, f.Message)
			return f.Code
		}
	}
	t.Fatalf("no problem with %q in %v", field, err)
	return ""
}

// The admin creates an account: stored with the hash and audited in one go;
// bad input names its field and stores nothing.
func TestAdminCreateStaff(t *testing.T) {
	t.Parallel()
	sa := newStaffAdmin(t)
	h := command.NewAdminCreateStaffHandler(sa.p)
	id, err := h.Handle(sa.ctx, command.AdminCreateStaff{Principal: sa.admin, Username: "kuaiji", DisplayName: "王会计",
		Email: "wang@assoc.example", Role: "finance", Password: "Finance2024"})
	require.NoError(t, err)
	s := sa.staff(id)
	assert.Equal(t, access.RoleFinance, s.Role())
	assert.Equal(t, "plain:Finance2024", s.PasswordHash())
	es := sa.entries()
	require.Len(t, es, 1)
	assert.Equal(t, audit.StaffCreate, es[0].Action)
	assert.Equal(t, sa.admin.ID, es[0].StaffID)
	assert.Equal(t, "198.51.100.7", es[0].Address)
	assert.Equal(t, "staff:"+id, es[0].Subject)
	assert.Contains(t, es[0].Summary, "kuaiji（王会计）")
	assert.NotContains(t, es[0].Summary+es[0].Changes[0].After+es[0].Changes[1].After, "Finance2024")

	bad := map[string]command.AdminCreateStaff{
		"password": {Username: "a1", Role: "finance", Password: "short1"},
		"role":     {Username: "a2", Role: "boss", Password: "Finance2024"},
		"username": {Username: "", Role: "finance", Password: "Finance2024"},
	}
	for field, cmd := range bad {
		cmd.Principal = sa.admin
		_, err := h.Handle(sa.ctx, cmd)
		assert.True(t, apperr.IsKind(err, apperr.KindInvalid), "%s: %v", field, err)
		fieldCode(t, err, field)
	}
	_, err = h.Handle(sa.ctx, command.AdminCreateStaff{Principal: sa.admin, Username: "kuaiji", Role: "reviewer",
		Password: "Reviewer2024"})
	assert.Equal(t, "username_taken", fieldCode(t, err, "username"))
	assert.Len(t, sa.entries(), 1, "nothing audited from refused requests")

	_, err = h.Handle(sa.ctx, command.AdminCreateStaff{Principal: apptest.StaffOf(access.RoleFinance),
		Username: "x9", Role: "finance", Password: "Finance2024"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
}

// Demoting or disabling the last active admin is refused; with a second admin
// it works, is audited, and disabling ends the sessions at once.
func TestLastAdminIsKept(t *testing.T) {
	t.Parallel()
	sa := newStaffAdmin(t)
	role := command.NewSetStaffRoleHandler(sa.p)
	disable := command.NewDisableStaffAccountHandler(sa.p)

	err := role.Handle(sa.ctx, command.SetStaffRole{Principal: sa.admin, StaffID: sa.admin.ID, Role: "finance"})
	assert.Equal(t, "last_admin", fieldCode(t, err, "role"))
	err = disable.Handle(sa.ctx, command.DisableStaffAccount{Principal: sa.admin, StaffID: sa.admin.ID})
	assert.Equal(t, "disable_self", fieldCode(t, err, "staff"))

	other := sa.account("second", access.RoleAdmin)
	otherSession := sa.session(other)
	require.NoError(t, disable.Handle(sa.ctx, command.DisableStaffAccount{Principal: sa.admin, StaffID: other.ID}))
	assert.True(t, sa.staff(other.ID).Disabled())
	assert.False(t, sa.alive(otherSession), "its session ended at once")
	// Now the acting admin is the last active one again.
	err = role.Handle(sa.ctx, command.SetStaffRole{Principal: sa.admin, StaffID: sa.admin.ID, Role: "reviewer"})
	assert.Equal(t, "last_admin", fieldCode(t, err, "role"))
	assert.Equal(t, access.RoleAdmin, sa.staff(sa.admin.ID).Role(), "nothing changed")

	enable := command.NewEnableStaffAccountHandler(sa.p)
	require.NoError(t, enable.Handle(sa.ctx, command.EnableStaffAccount{Principal: sa.admin, StaffID: other.ID}))
	assert.False(t, sa.staff(other.ID).Disabled())
	require.NoError(t, role.Handle(sa.ctx, command.SetStaffRole{Principal: sa.admin, StaffID: other.ID, Role: "finance"}))
	assert.Equal(t, access.RoleFinance, sa.staff(other.ID).Role())
	err = role.Handle(sa.ctx, command.SetStaffRole{Principal: sa.admin, StaffID: other.ID, Role: "owner"})
	assert.Equal(t, "role_invalid", fieldCode(t, err, "role"))

	var actions []audit.Action
	for _, e := range sa.entries() {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []audit.Action{audit.StaffChangeRole, audit.StaffEnable, audit.StaffDisable}, actions)
	assert.Equal(t, []audit.Change{{Field: "role", Label: "角色", Before: "系统管理员", After: "财务"}},
		sa.entries()[0].Changes)
}

// The admin sets a new password: the old one stops working, every session of
// the account ends, the log says so without the password.
func TestResetStaffPassword(t *testing.T) {
	t.Parallel()
	sa := newStaffAdmin(t)
	fin := sa.account("kuaiji", access.RoleFinance)
	sess := sa.session(fin)
	h := command.NewResetStaffPasswordHandler(sa.p)
	err := h.Handle(sa.ctx, command.ResetStaffPassword{Principal: sa.admin, StaffID: fin.ID, Password: "abc"})
	assert.Equal(t, "password_too_short", fieldCode(t, err, "password"))
	assert.True(t, sa.alive(sess))

	require.NoError(t, h.Handle(sa.ctx, command.ResetStaffPassword{Principal: sa.admin, StaffID: fin.ID,
		Password: "NewSecret2024"}))
	assert.Equal(t, "plain:NewSecret2024", sa.staff(fin.ID).PasswordHash())
	assert.False(t, sa.alive(sess))
	es := sa.entries()
	require.Len(t, es, 1)
	assert.Equal(t, audit.StaffResetPassword, es[0].Action)
	assert.NotContains(t, es[0].Summary, "NewSecret2024")

	err = h.Handle(sa.ctx, command.ResetStaffPassword{Principal: sa.admin, StaffID: "nobody", Password: "NewSecret2024"})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	err = h.Handle(sa.ctx, command.ResetStaffPassword{Principal: fin, StaffID: fin.ID, Password: "NewSecret2024"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
}
