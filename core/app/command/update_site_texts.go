package command

import (
	"context"
	"maps"
	"slices"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/core/i18n"
)

// UpdateSiteTexts is the admin's 文字替换: the association's own wording of any
// string of the system, per locale, as lines 「原文 = 替换文字」.
type UpdateSiteTexts struct {
	Principal access.Principal
	// Texts are locale → the lines as typed (zh-CN and en); a locale left
	// out keeps its replacements.
	Texts map[string]string
}

// UpdateSiteTextsHandler stores the replacements with the site's settings.
type UpdateSiteTextsHandler struct{ d SiteSettingsDeps }

// NewUpdateSiteTextsHandler builds the handler.
func NewUpdateSiteTextsHandler(d SiteSettingsDeps) *UpdateSiteTextsHandler {
	return &UpdateSiteTextsHandler{d: d}
}

// Handle validates every locale's lines (a field message per locale: the
// first bad line) and stores them with the audit entry (settings.site, the
// lines before → after); nothing is stored when a line is bad.
func (h *UpdateSiteTextsHandler) Handle(ctx context.Context, cmd UpdateSiteTexts) error {
	d := h.d
	if err := access.Authorize(d.Authz, cmd.Principal, access.ManageSettings, ""); err != nil {
		return err
	}
	var v apperr.Validation
	parsed := site.Texts{}
	for locale, text := range cmd.Texts {
		if !slices.Contains(i18n.Locales, locale) {
			v.Add(site.TextsField(locale), "invalid", "不支持的语言："+locale)
			continue
		}
		parsed[locale] = site.ParseTexts(locale, text, &v)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !d.Source.Writable() {
		return apperr.Conflict("settings_readonly", "网站设置由系统配置决定，不能在线修改")
	}
	return d.store(ctx, cmd.Principal, func(before site.Settings) site.Settings {
		after := before
		after.Texts = maps.Clone(before.Texts)
		if after.Texts == nil {
			after.Texts = site.Texts{}
		}
		for l, m := range parsed {
			if len(m) == 0 {
				delete(after.Texts, l)
				continue
			}
			after.Texts[l] = m
		}
		return after
	}, "修改文字替换")
}
