package command

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/i18n"
)

// localeOf is the language of a recipient's email frame: its setting, zh-CN
// when it has none (or no settings are kept).
func (h *DispatchBulkNoticesHandler) localeOf(ctx context.Context, memberID string) (string, error) {
	if h.p.Locales == nil {
		return i18n.Chinese, nil
	}
	l, err := h.p.Locales.MemberLocale(ctx, memberID)
	if err != nil {
		return "", fmt.Errorf("member locale: %w", err)
	}
	if !slices.Contains(i18n.Locales, l) {
		return i18n.Chinese, nil
	}
	return l, nil
}

// englishMailText is mailText's English frame: the staff's subject and body
// stay as they were written, the greeting, the link's line and the signature
// are English.
func (h *DispatchBulkNoticesHandler) englishMailText(c bulknotice.Campaign, r bulknotice.Recipient) string {
	var b strings.Builder
	b.WriteString("Dear " + r.Name + ",\n\n")
	b.WriteString(c.Body + "\n\n")
	if h.opts.BaseURL != "" {
		b.WriteString("Log in to the member portal for more: " + h.opts.BaseURL + "/login\n\n")
	}
	if h.opts.AssociationName != "" {
		b.WriteString(h.opts.AssociationName + "\n")
	}
	return b.String()
}
