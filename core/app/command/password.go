package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// RequestPasswordReset is the 「忘记密码?」 form.
type RequestPasswordReset struct {
	Email        string
	CaptchaToken string
}

// RequestPasswordResetHandler issues single-use, expiring reset links.
type RequestPasswordResetHandler struct {
	members ports.MemberRepository
	tokens  ports.TokenStore
	captcha *Captcha
	clock   ports.Clock
}

// NewRequestPasswordResetHandler builds the handler.
func NewRequestPasswordResetHandler(members ports.MemberRepository, tokens ports.TokenStore, captcha *Captcha, clock ports.Clock) *RequestPasswordResetHandler {
	return &RequestPasswordResetHandler{members: members, tokens: tokens, captcha: captcha, clock: clock}
}

// Handle stores the hashed token and records the request on the member; the
// PasswordResetRequested event makes the link go out by email.
func (h *RequestPasswordResetHandler) Handle(ctx context.Context, cmd RequestPasswordReset) error {
	email := member.NormalizeEmail(cmd.Email)
	var v apperr.Validation
	member.CheckEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return err
	}
	if err := h.captcha.Consume(ctx, cmd.CaptchaToken); err != nil {
		return err
	}
	m, err := h.members.FindByEmail(ctx, email)
	if apperr.IsKind(err, apperr.KindNotFound) {
		v.Add("email", "unknown_email", "该邮箱未注册")
		return v.Err()
	} else if err != nil {
		return apperr.Internal(err)
	}
	now := h.clock.Now()
	token := auth.NewToken()
	expires := now.Add(auth.ResetTokenFor)
	if err := h.tokens.Put(ctx, purposePasswordReset, auth.HashToken(token), []byte(m.ID()), expires); err != nil {
		return apperr.Internal(err)
	}
	return h.members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		m.RequestPasswordReset(token, expires, now)
		return nil
	})
}

// ResetPassword sets a new password with a reset link's token.
type ResetPassword struct {
	Token           string
	Password        string
	PasswordConfirm string
}

// ResetPasswordHandler consumes reset tokens.
type ResetPasswordHandler struct {
	tx       ports.Transactor
	members  ports.MemberRepository
	tokens   ports.TokenStore
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	clock    ports.Clock
}

// NewResetPasswordHandler builds the handler. The token is used up in the same
// transaction (tx) that stores the new password: a failed update leaves the
// link usable.
func NewResetPasswordHandler(tx ports.Transactor, members ports.MemberRepository, tokens ports.TokenStore, sessions ports.SessionStore,
	hasher ports.PasswordHasher, clock ports.Clock) *ResetPasswordHandler {
	return &ResetPasswordHandler{tx: tx, members: members, tokens: tokens, sessions: sessions, hasher: hasher, clock: clock}
}

// Handle checks the new password, uses up the token, stores the new hash and ends
// every session of the member.
func (h *ResetPasswordHandler) Handle(ctx context.Context, cmd ResetPassword) error {
	var v apperr.Validation
	member.CheckPassword(&v, "password", cmd.Password)
	member.CheckPasswordConfirm(&v, "password_confirm", cmd.Password, cmd.PasswordConfirm)
	if err := v.Err(); err != nil {
		return err
	}
	badToken := apperr.New(apperr.KindInvalid, "reset_token_invalid", "重置链接无效、已使用或已过期，请重新申请")
	badToken.Fields = []apperr.FieldError{{Field: "token", Code: "reset_token_invalid", Message: badToken.Message}}
	if cmd.Token == "" || len(cmd.Token) > 128 {
		return badToken
	}
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return apperr.Internal(err)
	}
	var memberID string
	err = inTx(ctx, h.tx, func(ctx context.Context) error {
		raw, err := h.tokens.Take(ctx, purposePasswordReset, auth.HashToken(cmd.Token), h.clock.Now())
		if apperr.IsKind(err, apperr.KindNotFound) {
			return badToken
		} else if err != nil {
			return apperr.Internal(err)
		}
		memberID = string(raw)
		return h.members.Update(ctx, memberID, func(_ context.Context, m *member.Member) error {
			m.ChangePassword(hash, h.clock.Now())
			return nil
		})
	})
	if err != nil {
		return err
	}
	p := access.Principal{Kind: access.PrincipalMember, ID: memberID}
	if err := h.sessions.DeleteForPrincipal(ctx, p, ""); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// ChangePassword is the portal's 修改密码 form.
type ChangePassword struct {
	Principal        access.Principal
	CurrentTokenHash string // the session to keep
	OldPassword      string
	NewPassword      string
	NewConfirm       string
}

// ChangePasswordHandler changes a logged-in member's or staff account's password.
type ChangePasswordHandler struct {
	members  ports.MemberRepository
	staff    ports.StaffRepository
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	clock    ports.Clock
}

// NewChangePasswordHandler builds the handler.
func NewChangePasswordHandler(members ports.MemberRepository, st ports.StaffRepository, sessions ports.SessionStore,
	hasher ports.PasswordHasher, clock ports.Clock) *ChangePasswordHandler {
	return &ChangePasswordHandler{members: members, staff: st, sessions: sessions, hasher: hasher, clock: clock}
}

// Handle verifies the old password, stores the new one and ends the principal's
// other sessions.
func (h *ChangePasswordHandler) Handle(ctx context.Context, cmd ChangePassword) error {
	var v apperr.Validation
	if cmd.OldPassword == "" {
		v.Add("old_password", "required", "请输入原密码")
	} else if tooLong(cmd.OldPassword, member.MaxPasswordLen) {
		v.Add("old_password", "too_long", "密码不能超过128个字符")
	}
	member.CheckPassword(&v, "new_password", cmd.NewPassword)
	member.CheckPasswordConfirm(&v, "new_password_confirm", cmd.NewPassword, cmd.NewConfirm)
	if err := v.Err(); err != nil {
		return err
	}
	if cmd.OldPassword == cmd.NewPassword {
		v.Add("new_password", "password_unchanged", "新密码不能与原密码相同")
		return v.Err()
	}
	wrongOld := func() error {
		v.Add("old_password", "wrong_password", "原密码错误")
		return v.Err()
	}
	newHash, err := h.hasher.Hash(cmd.NewPassword)
	if err != nil {
		return apperr.Internal(err)
	}
	switch {
	case cmd.Principal.IsMember():
		// Verify outside the transaction (argon2id takes tens of milliseconds) and
		// store only if the hash is still the one verified.
		m, e := h.members.Get(ctx, cmd.Principal.ID)
		if e != nil {
			return e
		}
		ok, e := h.hasher.Verify(m.PasswordHash(), cmd.OldPassword)
		if e != nil {
			return apperr.Internal(e)
		}
		if !ok {
			return wrongOld()
		}
		seen := m.PasswordHash()
		err = h.members.Update(ctx, cmd.Principal.ID, func(_ context.Context, m *member.Member) error {
			if m.PasswordHash() != seen {
				return apperr.Conflict("password_changed_meanwhile", "密码已在别处被修改，请重新输入")
			}
			m.ChangePassword(newHash, h.clock.Now())
			return nil
		})
	case cmd.Principal.IsStaff():
		s, e := h.staff.Get(ctx, cmd.Principal.ID)
		if e != nil {
			return e
		}
		ok, e := h.hasher.Verify(s.PasswordHash, cmd.OldPassword)
		if e != nil {
			return apperr.Internal(e)
		}
		if !ok {
			return wrongOld()
		}
		err = h.staff.UpdatePassword(ctx, s.ID, newHash)
	default:
		return apperr.Unauthorized("login_required", "请先登录")
	}
	if err != nil {
		return err
	}
	if err := h.sessions.DeleteForPrincipal(ctx, cmd.Principal, cmd.CurrentTokenHash); err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// inTx runs fn in one transaction of tx; with no transactor (a host that
// wires none) fn runs on its own and each store commits separately.
func inTx(ctx context.Context, tx ports.Transactor, fn func(ctx context.Context) error) error {
	if tx == nil {
		return fn(ctx)
	}
	return tx.InTx(ctx, fn)
}
