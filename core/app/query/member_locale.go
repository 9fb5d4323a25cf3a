package query

import (
	"context"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// MemberLocaleHandler reads a member's language setting: the language the
// site takes at the member's login.
type MemberLocaleHandler struct {
	locales ports.MemberLocales
}

// NewMemberLocaleHandler builds the handler; nil locales: no member has a
// setting.
func NewMemberLocaleHandler(locales ports.MemberLocales) *MemberLocaleHandler {
	return &MemberLocaleHandler{locales: locales}
}

// Handle returns the member's setting: one of i18n.Locales, or "" when the
// member has none (or a stored one the system no longer ships).
func (h *MemberLocaleHandler) Handle(ctx context.Context, memberID string) (string, error) {
	if h.locales == nil || memberID == "" {
		return "", nil
	}
	l, err := h.locales.MemberLocale(ctx, memberID)
	if err != nil {
		return "", apperr.Internal(err)
	}
	if !slices.Contains(i18n.Locales, l) {
		return "", nil
	}
	return l, nil
}
