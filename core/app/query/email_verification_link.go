package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// EmailVerificationLink is what the page a verification link opens shows
// before the member confirms: whether the link still works.
type EmailVerificationLink struct {
	// Verified: the address is verified already (through another link); the
	// link still works but confirming changes nothing.
	Verified bool
}

// EmailVerificationLinkHandler looks verification links up without using them.
type EmailVerificationLinkHandler struct {
	tokens  ports.TokenStore
	members ports.MemberRepository
	clock   ports.Clock
}

// NewEmailVerificationLinkHandler builds the handler.
func NewEmailVerificationLinkHandler(tokens ports.TokenStore, members ports.MemberRepository,
	clock ports.Clock) *EmailVerificationLinkHandler {
	return &EmailVerificationLinkHandler{tokens: tokens, members: members, clock: clock}
}

// Handle checks the link's token and leaves it usable: opening a link does not
// verify (mail scanners open links too), only confirming on its page does. A
// link that is unknown, used, expired or sent to an address the member no
// longer has is auth.InvalidVerifyLink.
func (h *EmailVerificationLinkHandler) Handle(ctx context.Context, token string) (EmailVerificationLink, error) {
	if token == "" || len(token) > auth.MaxTokenLen {
		return EmailVerificationLink{}, auth.InvalidVerifyLink()
	}
	raw, err := h.tokens.Peek(ctx, auth.PurposeEmailVerification, auth.HashToken(token), h.clock.Now())
	if apperr.IsKind(err, apperr.KindNotFound) {
		return EmailVerificationLink{}, auth.InvalidVerifyLink()
	} else if err != nil {
		return EmailVerificationLink{}, apperr.Internal(err)
	}
	id, email, ok := auth.ParseVerificationPayload(raw)
	if !ok {
		return EmailVerificationLink{}, auth.InvalidVerifyLink()
	}
	m, err := h.members.Get(ctx, id)
	if apperr.IsKind(err, apperr.KindNotFound) || (err == nil && m.Email() != email) {
		return EmailVerificationLink{}, auth.InvalidVerifyLink()
	} else if err != nil {
		return EmailVerificationLink{}, apperr.Internal(err)
	}
	return EmailVerificationLink{Verified: m.EmailVerified()}, nil
}
