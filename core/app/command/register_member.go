package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// RegisterMember is the 「立即注册」 form of 企业入会 / 个人入会.
type RegisterMember struct {
	Kind            string
	Email           string
	Name            string
	Password        string
	PasswordConfirm string
	CaptchaToken    string
}

// RegisterMemberHandler creates member accounts.
type RegisterMemberHandler struct {
	members ports.MemberRepository
	hasher  ports.PasswordHasher
	captcha *Captcha
	clock   ports.Clock
}

// NewRegisterMemberHandler builds the handler.
func NewRegisterMemberHandler(members ports.MemberRepository, hasher ports.PasswordHasher, captcha *Captcha, clock ports.Clock) *RegisterMemberHandler {
	return &RegisterMemberHandler{members: members, hasher: hasher, captcha: captcha, clock: clock}
}

// Handle validates the form, checks the slider pass, and stores the account; the
// Registered event it records makes the welcome email go out. It returns the new
// member's identity.
func (h *RegisterMemberHandler) Handle(ctx context.Context, cmd RegisterMember) (string, error) {
	kind, ok := member.ParseKind(cmd.Kind)
	email := member.NormalizeEmail(cmd.Email)
	name := member.NormalizeName(cmd.Name)

	var v apperr.Validation
	if !ok {
		v.Add("kind", "kind_invalid", "请选择企业入会或个人入会")
	}
	member.CheckEmail(&v, "email", email)
	member.CheckName(&v, "name", kind, name)
	member.CheckPassword(&v, "password", cmd.Password)
	member.CheckPasswordConfirm(&v, "password_confirm", cmd.Password, cmd.PasswordConfirm)
	if err := v.Err(); err != nil {
		return "", err
	}
	// The pass token is spent only once the form is well-formed (so a typo does not
	// force a new slider check) but before any lookup, so that lookups cannot be
	// probed without passing the check.
	if err := h.captcha.Consume(ctx, captcha.PurposeRegister, cmd.CaptchaToken); err != nil {
		return "", err
	}
	if taken, err := h.members.EmailTaken(ctx, email); err != nil {
		return "", apperr.Internal(err)
	} else if taken {
		v.Add("email", "email_taken", "该邮箱已被注册")
	}
	if taken, err := h.members.NameTaken(ctx, kind, name); err != nil {
		return "", apperr.Internal(err)
	} else if taken {
		v.Add("name", "name_taken", "该用户名已被注册")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	m, err := member.Register(member.Registration{Kind: kind, Name: name, Email: email, PasswordHash: hash}, h.clock.Now())
	if err != nil {
		return "", err
	}
	if err := h.members.Add(ctx, m); err != nil {
		return "", err
	}
	return m.ID(), nil
}
