package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ResetPassword sets a new password with a reset link's token.
type ResetPassword struct {
	Token           string
	Password        string
	PasswordConfirm string
	RemoteAddr      string // the client's address, for the per-address limit
}

// ResetPasswordHandler consumes reset tokens.
type ResetPasswordHandler struct {
	tx       ports.Transactor
	members  ports.MemberRepository
	tokens   ports.TokenStore
	sessions ports.SessionStore
	hasher   ports.PasswordHasher
	throttle *Throttle
	clock    ports.Clock
}

// NewResetPasswordHandler builds the handler. The token is used up in the same
// transaction (tx) that stores the new password: a failed update leaves the
// link usable. The throttle limits the tries per client address.
func NewResetPasswordHandler(tx ports.Transactor, members ports.MemberRepository, tokens ports.TokenStore, sessions ports.SessionStore,
	hasher ports.PasswordHasher, throttle *Throttle, clock ports.Clock) *ResetPasswordHandler {
	return &ResetPasswordHandler{tx: tx, members: members, tokens: tokens, sessions: sessions, hasher: hasher,
		throttle: throttle, clock: clock}
}

// Handle checks the new password, looks the token up, and only for a live token
// hashes the password (an anonymous request with a made-up token costs no
// hash), uses the token up, stores the new hash, ends every reset link and
// every session of the member. Each try counts against the client's address; a successful one is
// given back.
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
	attempt, err := h.throttle.ReserveAddress(ctx, "reset", cmd.RemoteAddr, "reset_throttled")
	if err != nil {
		return err
	}
	key := auth.HashToken(cmd.Token)
	if _, err := h.tokens.Peek(ctx, purposePasswordReset, key, h.clock.Now()); apperr.IsKind(err, apperr.KindNotFound) {
		return badToken
	} else if err != nil {
		return apperr.Internal(err)
	}
	hash, err := h.hasher.Hash(cmd.Password)
	if err != nil {
		return apperr.Internal(err)
	}
	var memberID string
	err = inTx(ctx, h.tx, func(ctx context.Context) error {
		raw, err := h.tokens.Take(ctx, purposePasswordReset, key, h.clock.Now())
		if apperr.IsKind(err, apperr.KindNotFound) {
			return badToken // used or expired since the look-up
		} else if err != nil {
			return apperr.Internal(err)
		}
		memberID = string(raw)
		return h.members.Update(ctx, memberID, func(ctx context.Context, m *member.Member) error {
			m.ChangePassword(hash, h.clock.Now())
			return endResetLinks(ctx, h.tokens, m.ID())
		})
	})
	if err != nil {
		return err
	}
	h.throttle.Release(ctx, attempt)
	p := access.Principal{Kind: access.PrincipalMember, ID: memberID}
	if err := h.sessions.DeleteForPrincipal(ctx, p, ""); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
