package command

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/i18n"
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
	// Locale is the language the visitor registered in (the site's 中文 ·
	// English): kept as the member's setting, so that the verification and
	// welcome emails are in it. Empty or zh-CN stores nothing.
	Locale string
}

// RegisterMemberHandler creates member accounts.
type RegisterMemberHandler struct {
	members ports.MemberRepository
	hasher  ports.PasswordHasher
	captcha *Captcha
	clock   ports.Clock
	// locales and tx keep a non-default language with the account, in one
	// transaction (nil: the language is not kept).
	locales ports.MemberLocales
	tx      ports.Transactor
}

// NewRegisterMemberHandler builds the handler.
func NewRegisterMemberHandler(members ports.MemberRepository, hasher ports.PasswordHasher, captcha *Captcha, clock ports.Clock) *RegisterMemberHandler {
	return &RegisterMemberHandler{members: members, hasher: hasher, captcha: captcha, clock: clock}
}

// KeepingLocale makes the handler keep the visitor's language as the new
// member's setting, in the transaction that stores the account.
func (h *RegisterMemberHandler) KeepingLocale(locales ports.MemberLocales, tx ports.Transactor) *RegisterMemberHandler {
	h.locales, h.tx = locales, tx
	return h
}

// Handle validates the form, checks the slider pass, and stores the account,
// its email address unverified; the Registered event it records makes the
// verification link go out by email. It returns the new member's identity.
//
// An email address that is already registered is not revealed (issue 9,
// finding 9): the answer is the same as for a new account — no error, after
// the same password hash — but nothing is stored, the identity is empty, and
// the address's owner gets a mail saying that someone tried to register with
// it (see member.NoteRegistrationAttempt). Inbound adapters must answer both
// cases alike. A taken name is public (会员查询 shows names) and is refused.
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
	if taken, err := h.members.NameTaken(ctx, kind, name); err != nil {
		return "", apperr.Internal(err)
	} else if taken {
		v.Add("name", "name_taken", "该用户名已被注册")
		return "", v.Err()
	}
	// The hash is computed whether or not the address is taken, so that both
	// answers take about as long.
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return "", apperr.Internal(err)
	}
	if taken, err := h.members.EmailTaken(ctx, email); err != nil {
		return "", apperr.Internal(err)
	} else if taken {
		return "", h.noteAttempt(ctx, email)
	}
	m, err := member.Register(member.Registration{Kind: kind, Name: name, Email: email, PasswordHash: hash}, h.clock.Now())
	if err != nil {
		return "", err
	}
	if err := h.add(ctx, m, cmd.Locale); err != nil {
		if e := apperr.As(err); e.Kind == apperr.KindConflict && fieldOf(e) == "email" {
			// Registered by someone else meanwhile: the same answer as above.
			return "", h.noteAttempt(ctx, email)
		}
		return "", err
	}
	return m.ID(), nil
}

// add stores the account and, when the visitor chose a language other than
// the default (and the handler keeps languages), that setting, together.
func (h *RegisterMemberHandler) add(ctx context.Context, m *member.Member, locale string) error {
	if h.locales == nil || h.tx == nil || locale == "" || locale == i18n.Chinese || !slices.Contains(i18n.Locales, locale) {
		return h.members.Add(ctx, m)
	}
	return h.tx.InTx(ctx, func(ctx context.Context) error {
		if err := h.members.Add(ctx, m); err != nil {
			return err
		}
		if err := h.locales.SetMemberLocale(ctx, m.ID(), locale); err != nil {
			return apperr.Internal(err)
		}
		return nil
	})
}

// noteAttempt tells the owner of a registered address that someone tried to
// register with it.
func (h *RegisterMemberHandler) noteAttempt(ctx context.Context, email string) error {
	existing, err := h.members.FindByEmail(ctx, email)
	if err != nil {
		return apperr.Internal(err)
	}
	err = h.members.Update(ctx, existing.ID(), func(_ context.Context, m *member.Member) error {
		m.NoteRegistrationAttempt(h.clock.Now())
		return nil
	})
	if err != nil {
		return apperr.Internal(err)
	}
	return nil
}

// fieldOf is the field of an error's first field error ("" when none).
func fieldOf(e *apperr.Error) string {
	if len(e.Fields) == 0 {
		return ""
	}
	return e.Fields[0].Field
}
