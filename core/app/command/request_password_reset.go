package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// purposePasswordReset is the TokenStore purpose of reset links; each is stored
// for its member (PutFor), who has at most one.
const purposePasswordReset = auth.PurposePasswordReset

// endResetLinks ends every reset link of a member (on reset and on a password
// change): a link sent before the password changed must not change it again.
// Call it in the member's transaction (ctx).
func endResetLinks(ctx context.Context, tokens ports.TokenStore, memberID string) error {
	for _, purpose := range []string{purposePasswordReset, auth.PurposeResetLink} {
		if _, err := tokens.DeleteFor(ctx, purpose, memberID); err != nil {
			return apperr.Internal(err)
		}
	}
	return nil
}

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

// Handle stores the hashed token as the member's one live reset link (an
// earlier link stops working) and records the request on the member; the
// PasswordResetRequested event makes the link go out by email (see
// auth.PurposeResetLink for where the raw token waits until then). An address no
// member uses gets the same answer and no email: the form does not tell which
// addresses are registered (the page says a link goes to a registered address).
func (h *RequestPasswordResetHandler) Handle(ctx context.Context, cmd RequestPasswordReset) error {
	email := member.NormalizeEmail(cmd.Email)
	var v apperr.Validation
	member.CheckEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return err
	}
	if err := h.captcha.Consume(ctx, captcha.PurposeForgotPassword, cmd.CaptchaToken); err != nil {
		return err
	}
	m, err := h.members.FindByEmail(ctx, email)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return nil // the same answer as for a registered address: the form tells no one which exist
	} else if err != nil {
		return apperr.Internal(err)
	}
	now := h.clock.Now()
	token := auth.NewToken()
	expires := now.Add(auth.ResetTokenFor)
	linkID := auth.NewToken()
	// The token is the member's one live link: it replaces an earlier one, in
	// the member's transaction, so it is stored only with its event. The event
	// carries the link's id; the raw token waits for the mail handler alone.
	return h.members.Update(ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		if err := h.tokens.PutFor(ctx, purposePasswordReset, m.ID(), auth.HashToken(token), []byte(m.ID()),
			expires); err != nil {
			return apperr.Internal(err)
		}
		if err := h.tokens.PutFor(ctx, auth.PurposeResetLink, m.ID(), linkID, []byte(token), expires); err != nil {
			return apperr.Internal(err)
		}
		m.RequestPasswordReset(linkID, expires, now)
		return nil
	})
}
