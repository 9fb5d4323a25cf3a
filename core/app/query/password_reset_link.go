package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// PasswordResetLinkHandler tells the page a reset link opens whether the link
// still works, without using it up, so that a dead link says so before the
// new password is typed.
type PasswordResetLinkHandler struct {
	tokens ports.TokenStore
	clock  ports.Clock
}

// NewPasswordResetLinkHandler builds the handler.
func NewPasswordResetLinkHandler(tokens ports.TokenStore, clock ports.Clock) *PasswordResetLinkHandler {
	return &PasswordResetLinkHandler{tokens: tokens, clock: clock}
}

// Handle returns nil for a live link and the reset command's error
// (reset_token_invalid, on the field token) for one that is unknown, used or
// expired. The link stays usable: only setting the password uses it up.
func (h *PasswordResetLinkHandler) Handle(ctx context.Context, token string) error {
	bad := apperr.New(apperr.KindInvalid, "reset_token_invalid", "重置链接无效、已使用或已过期，请重新申请")
	bad.Fields = []apperr.FieldError{{Field: "token", Code: "reset_token_invalid", Message: bad.Message}}
	if token == "" || len(token) > auth.MaxTokenLen {
		return bad
	}
	_, err := h.tokens.Peek(ctx, auth.PurposePasswordReset, auth.HashToken(token), h.clock.Now())
	if apperr.IsKind(err, apperr.KindNotFound) {
		return bad
	} else if err != nil {
		return apperr.Internal(err)
	}
	return nil
}
