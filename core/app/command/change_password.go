package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// ChangePassword is the portal's 修改密码 form.
type ChangePassword struct {
	Principal        access.Principal
	CurrentTokenHash string // the session to keep
	OldPassword      string
	NewPassword      string
	NewConfirm       string
	// ConfirmEmail is the login email an imported member confirms (or
	// corrects) with its first password change; required then, ignored
	// otherwise.
	ConfirmEmail string
}

// ChangePasswordHandler changes a logged-in member's or staff account's password.
type ChangePasswordHandler struct {
	members  ports.MemberRepository
	staff    ports.StaffRepository
	sessions ports.SessionStore
	tokens   ports.TokenStore
	hasher   ports.PasswordHasher
	clock    ports.Clock
	initial  InitialCredentials
}

// WithInitialCredentials lets an imported member give its initial password
// as the old one (see InitialCredentials).
func (h *ChangePasswordHandler) WithInitialCredentials(c InitialCredentials) { h.initial = c }

// NewChangePasswordHandler builds the handler; tokens holds the members' reset
// links, which a password change ends.
func NewChangePasswordHandler(members ports.MemberRepository, st ports.StaffRepository, sessions ports.SessionStore,
	tokens ports.TokenStore, hasher ports.PasswordHasher, clock ports.Clock) *ChangePasswordHandler {
	return &ChangePasswordHandler{members: members, staff: st, sessions: sessions, tokens: tokens, hasher: hasher,
		clock: clock}
}

// Handle verifies the old password, stores the new one and ends the principal's
// other sessions (and a member's reset links).
func (h *ChangePasswordHandler) Handle(ctx context.Context, cmd ChangePassword) error {
	if err := checkPasswordChange(cmd); err != nil {
		return err
	}
	newHash, err := h.hasher.Hash(cmd.NewPassword)
	if err != nil {
		return apperr.Internal(err)
	}
	if err := access.Authorize(nil, cmd.Principal, access.ChangeOwnPassword, ""); err != nil {
		return err
	}
	var verified bool
	if cmd.Principal.IsMember() {
		verified, err = h.changeMember(ctx, cmd, newHash)
	} else {
		verified, err = h.changeStaff(ctx, cmd, newHash)
	}
	if err != nil {
		return err
	}
	if !verified {
		var v apperr.Validation
		v.Add("old_password", "wrong_password", "原密码错误")
		return v.Err()
	}
	if err := h.sessions.DeleteForPrincipal(ctx, cmd.Principal, cmd.CurrentTokenHash); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// checkPasswordChange validates the form: the old password, a new one that
// follows the rules (a staff account's: at least ten characters), is confirmed
// and differs from the old.
func checkPasswordChange(cmd ChangePassword) error {
	var v apperr.Validation
	if cmd.OldPassword == "" {
		v.Add("old_password", "required", "请输入原密码")
	} else if tooLong(cmd.OldPassword, member.MaxPasswordLen) {
		v.Add("old_password", "too_long", "密码不能超过128个字符")
	}
	if cmd.Principal.IsStaff() {
		staff.CheckPassword(&v, "new_password", cmd.NewPassword)
	} else {
		member.CheckPassword(&v, "new_password", cmd.NewPassword)
	}
	member.CheckPasswordConfirm(&v, "new_password_confirm", cmd.NewPassword, cmd.NewConfirm)
	if err := v.Err(); err != nil {
		return err
	}
	if cmd.OldPassword == cmd.NewPassword {
		v.Add("new_password", "password_unchanged", "新密码不能与原密码相同")
		return v.Err()
	}
	return nil
}

// changeMember stores a member's new password if the old one is right (false
// otherwise). It verifies outside the transaction (argon2id takes tens of
// milliseconds) and stores only if the hash is still the one verified.
func (h *ChangePasswordHandler) changeMember(ctx context.Context, cmd ChangePassword, newHash string) (bool, error) {
	m, err := h.members.Get(ctx, cmd.Principal.ID)
	if err != nil {
		return false, err
	}
	imported := m.HasInitialCredential()
	if imported {
		if !h.initial.matches(m, cmd.OldPassword) {
			return false, nil
		}
		if err := checkConfirmEmail(cmd.ConfirmEmail); err != nil {
			return false, err
		}
	} else if ok, err := h.hasher.Verify(m.PasswordHash(), cmd.OldPassword); err != nil || !ok {
		return false, internal(err)
	}
	seen := m.PasswordHash()
	return true, h.members.Update(ctx, cmd.Principal.ID, func(ctx context.Context, m *member.Member) error {
		if m.PasswordHash() != seen || m.HasInitialCredential() != imported {
			return apperr.Conflict("password_changed_meanwhile", "密码已在别处被修改，请重新输入")
		}
		now := h.clock.Now()
		if imported {
			if err := m.ConfirmEmail(member.NormalizeEmail(cmd.ConfirmEmail), now); err != nil {
				return err
			}
		}
		m.ChangePassword(newHash, now)
		return endResetLinks(ctx, h.tokens, m.ID())
	})
}

// changeStaff stores a staff account's new password if the old one is right
// (false otherwise).
func (h *ChangePasswordHandler) changeStaff(ctx context.Context, cmd ChangePassword, newHash string) (bool, error) {
	s, err := h.staff.Get(ctx, cmd.Principal.ID)
	if err != nil {
		return false, err
	}
	ok, err := h.hasher.Verify(s.PasswordHash(), cmd.OldPassword)
	if err != nil || !ok {
		return false, internal(err)
	}
	return true, h.staff.UpdatePassword(ctx, s.ID(), newHash)
}

// internal wraps a fault of the system; nil stays nil.
func internal(err error) error {
	if err == nil {
		return nil
	}
	return apperr.Internal(err)
}

// checkConfirmEmail asks an imported member for the email it confirms.
func checkConfirmEmail(email string) error {
	var v apperr.Validation
	if member.NormalizeEmail(email) == "" {
		v.Add("email", "required", "请确认您的邮箱是否为当下的有效邮箱")
	} else {
		member.CheckEmail(&v, "email", member.NormalizeEmail(email))
	}
	return v.Err()
}
