package command

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// StaffAccountPorts are what the admin's use cases on staff accounts
// (工作人员管理) share: the accounts, their sessions, the password hasher, the
// policy, the audit log and the transaction they write in.
type StaffAccountPorts struct {
	Tx       ports.Transactor
	Staff    ports.StaffRepository
	Sessions ports.SessionStore
	Hasher   ports.PasswordHasher
	Authz    ports.Authorizer
	Audit    *Auditor
	Clock    ports.Clock
}

// authorize lets only principals allowed to manage staff accounts through.
func (p StaffAccountPorts) authorize(pr access.Principal) error {
	return access.Authorize(p.Authz, pr, access.ManageStaff, pr.ID)
}

// load reads the account a use case acts on, in the transaction in ctx.
func (p StaffAccountPorts) load(ctx context.Context, id string) (*staff.Staff, error) {
	s, err := p.Staff.Get(ctx, strings.TrimSpace(id))
	if apperr.IsKind(err, apperr.KindNotFound) {
		return nil, err
	} else if err != nil {
		return nil, apperr.Internal(err)
	}
	return s, nil
}

// keepAnAdmin refuses a change that would leave no active admin: s is the
// account about to stop being one (demoted or disabled). It reads the count in
// the transaction in ctx, which holds it until the change commits.
func (p StaffAccountPorts) keepAnAdmin(ctx context.Context, s *staff.Staff, field, message string) error {
	if s.Role() != access.RoleAdmin || s.Disabled() {
		return nil
	}
	n, err := p.Staff.CountActiveAdmins(ctx)
	if err != nil {
		return apperr.Internal(err)
	}
	if n <= 1 {
		var v apperr.Validation
		v.Add(field, "last_admin", message)
		return v.Err()
	}
	return nil
}

// endSessions ends every session of the account at once (after the change
// committed: the session store does not join transactions; it already refuses
// the sessions of a disabled account).
func (p StaffAccountPorts) endSessions(ctx context.Context, s *staff.Staff) error {
	pr := access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: s.Role()}
	if err := p.Sessions.DeleteForPrincipal(ctx, pr, ""); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// record writes the audit entry of an action on account s.
func (p StaffAccountPorts) record(ctx context.Context, pr access.Principal, action audit.Action, s *staff.Staff,
	summary string, changes ...audit.Change) error {
	return p.Audit.Record(ctx, pr, audit.Entry{Action: action, Subject: "staff:" + s.ID(), Summary: summary,
		Changes: changes})
}

// staffName is how an audit summary names an account: 「wang（王会计）」.
func staffName(s *staff.Staff) string {
	if s.DisplayName() == "" || s.DisplayName() == s.Username() {
		return s.Username()
	}
	return fmt.Sprintf("%s（%s）", s.Username(), s.DisplayName())
}

// parseStaffRole checks a role typed or chosen by the admin.
func parseStaffRole(field, raw string) (access.Role, error) {
	role, ok := access.ParseStaffRole(strings.TrimSpace(raw))
	if !ok {
		var v apperr.Validation
		v.Add(field, "role_invalid", msgRoleInvalid)
		return "", v.Err()
	}
	return role, nil
}

// msgRoleInvalid is the refusal of a role that is no staff role.
const msgRoleInvalid = "请选择工作人员角色：工作人员（reviewer）、财务（finance）、秘书处（secretariat）或系统管理员（admin）"
