package command

import (
	"context"
	"errors"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// SetMemberLocale is a member's choice of its language (the footer's 中文 ·
// English): the site's language at its next logins and its emails'.
type SetMemberLocale struct {
	Principal access.Principal
	Locale    string // one of i18n.Locales
}

// SetMemberLocaleHandler stores members' language settings.
type SetMemberLocaleHandler struct {
	locales ports.MemberLocales
	authz   ports.Authorizer
}

// NewSetMemberLocaleHandler builds the handler.
func NewSetMemberLocaleHandler(locales ports.MemberLocales, authz ports.Authorizer) *SetMemberLocaleHandler {
	return &SetMemberLocaleHandler{locales: locales, authz: authz}
}

// Handle stores the member's own setting. A locale the system does not ship is
// a field error (locale); staff have no setting (Forbidden).
func (h *SetMemberLocaleHandler) Handle(ctx context.Context, cmd SetMemberLocale) error {
	pr := cmd.Principal
	if err := access.Authorize(h.authz, pr, access.SetOwnLocale, pr.ID); err != nil {
		return err
	}
	if !slices.Contains(i18n.Locales, cmd.Locale) {
		var v apperr.Validation
		v.Add("locale", "unsupported_locale", "不支持的语言")
		return v.Err()
	}
	if h.locales == nil {
		return apperr.Internal(errors.New("set member locale: no language settings store"))
	}
	if err := h.locales.SetMemberLocale(ctx, pr.ID, cmd.Locale); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
