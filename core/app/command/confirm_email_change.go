package command

import (
	"context"
	"errors"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ConfirmEmailChange is 「确认修改登录邮箱」 on the page the confirmation link
// (mailed to the new address) opens.
type ConfirmEmailChange struct {
	Token string
}

// ConfirmEmailChangeHandler applies confirmed login-email changes.
type ConfirmEmailChangeHandler struct {
	tx      ports.Transactor
	members ports.MemberRepository
	tokens  ports.TokenStore
	clock   ports.Clock
}

// NewConfirmEmailChangeHandler builds the handler. The token is used up in the
// transaction that changes the address.
func NewConfirmEmailChangeHandler(tx ports.Transactor, members ports.MemberRepository, tokens ports.TokenStore,
	clock ports.Clock) *ConfirmEmailChangeHandler {
	return &ConfirmEmailChangeHandler{tx: tx, members: members, tokens: tokens, clock: clock}
}

// Handle uses up the link's token and makes its address the member's login
// email (verified: the link reached it); EmailChanged tells the old address.
// A link that is unknown, used or expired is auth.InvalidEmailChangeLink; an
// address another member took meanwhile is a Conflict on "email" and nothing
// changes.
func (h *ConfirmEmailChangeHandler) Handle(ctx context.Context, cmd ConfirmEmailChange) error {
	if cmd.Token == "" || len(cmd.Token) > auth.MaxTokenLen {
		return auth.InvalidEmailChangeLink()
	}
	now := h.clock.Now()
	err := inTx(ctx, h.tx, func(ctx context.Context) error {
		raw, err := h.tokens.Take(ctx, auth.PurposeEmailChange, auth.HashToken(cmd.Token), now)
		if apperr.IsKind(err, apperr.KindNotFound) {
			return auth.InvalidEmailChangeLink()
		} else if err != nil {
			return apperr.Internal(err)
		}
		id, email, ok := auth.ParseVerificationPayload(raw)
		if !ok {
			return auth.InvalidEmailChangeLink()
		}
		return h.members.Update(ctx, id, func(_ context.Context, m *member.Member) error {
			if !m.ChangeEmail(email, now) {
				return errUnchanged
			}
			return nil
		})
	})
	switch {
	case err == nil, errors.Is(err, errUnchanged):
		return nil
	case apperr.IsKind(err, apperr.KindNotFound):
		return auth.InvalidEmailChangeLink()
	}
	return err
}
