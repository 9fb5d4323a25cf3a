package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// VerifyEmail is 「确认验证邮箱」 on the page a verification link opens.
type VerifyEmail struct {
	Token string
}

// VerifyEmailHandler uses up verification tokens.
type VerifyEmailHandler struct {
	tx      ports.Transactor
	members ports.MemberRepository
	tokens  ports.TokenStore
	clock   ports.Clock
}

// NewVerifyEmailHandler builds the handler. The token is used up in the same
// transaction (tx) that marks the address verified.
func NewVerifyEmailHandler(tx ports.Transactor, members ports.MemberRepository, tokens ports.TokenStore,
	clock ports.Clock) *VerifyEmailHandler {
	return &VerifyEmailHandler{tx: tx, members: members, tokens: tokens, clock: clock}
}

// Handle uses up the link's token and marks the member's address verified; it
// returns the member's identity. A link that is unknown, used or expired, or
// that was sent to an address the member no longer has, is
// auth.InvalidVerifyLink. A member verified meanwhile (through another link)
// stays verified: that is no error.
func (h *VerifyEmailHandler) Handle(ctx context.Context, cmd VerifyEmail) (string, error) {
	if cmd.Token == "" || len(cmd.Token) > auth.MaxTokenLen {
		return "", auth.InvalidVerifyLink()
	}
	now := h.clock.Now()
	var memberID string
	err := inTx(ctx, h.tx, func(ctx context.Context) error {
		raw, err := h.tokens.Take(ctx, auth.PurposeEmailVerification, auth.HashToken(cmd.Token), now)
		if apperr.IsKind(err, apperr.KindNotFound) {
			return auth.InvalidVerifyLink()
		} else if err != nil {
			return apperr.Internal(err)
		}
		id, email, ok := auth.ParseVerificationPayload(raw)
		if !ok {
			return auth.InvalidVerifyLink()
		}
		memberID = id
		return h.members.Update(ctx, id, func(_ context.Context, m *member.Member) error {
			if m.Email() != email {
				return auth.InvalidVerifyLink()
			}
			m.VerifyEmail(now)
			return nil
		})
	})
	if apperr.IsKind(err, apperr.KindNotFound) {
		return "", auth.InvalidVerifyLink()
	}
	if err != nil {
		return "", err
	}
	return memberID, nil
}
