package command

import (
	"context"

	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// UpdateSiteSettings is the admin's change of the branding and footer (the
// logo has its own upload).
type UpdateSiteSettings struct {
	Principal access.Principal
	Settings  site.Settings
}

// SiteSettingsDeps are the ports of the site settings' use cases.
type SiteSettingsDeps struct {
	Source *sitesettings.Source
	Files  ports.FileStore
	Tx     ports.Transactor
	Audit  *Auditor
	Authz  ports.Authorizer
	Clock  ports.Clock
	Images *ImageChecker
}

// UpdateSiteSettingsHandler stores the site's settings.
type UpdateSiteSettingsHandler struct{ d SiteSettingsDeps }

// NewUpdateSiteSettingsHandler builds the handler.
func NewUpdateSiteSettingsHandler(d SiteSettingsDeps) *UpdateSiteSettingsHandler {
	return &UpdateSiteSettingsHandler{d: d}
}

// siteFields are the audited fields of the settings and their labels.
func siteFields() [][2]string {
	return [][2]string{{"name", "协会名称"}, {"short_name", "简称"}, {"logo", "标志"}, {"primary", "主色"},
		{"accent", "强调色"}, {"address", "地址"}, {"phone", "电话"}, {"email", "电子邮箱"}, {"icp", "ICP备案号"},
		{"icp_link", "ICP备案链接"}, {"psb", "公安备案号"}, {"psb_link", "公安备案链接"}, {"mail_from_name", "发件人名称"},
		// 文字替换 (update_site_texts.go).
		{site.TextsField(i18n.Chinese), "文字替换（中文）"}, {site.TextsField(i18n.English), "文字替换（English）"}}
}

func siteValues(s site.Settings) map[string]string {
	return map[string]string{"name": s.Name, "short_name": s.ShortName, "logo": s.Logo.Version,
		"primary": s.Primary, "accent": s.Accent, "address": s.Address, "phone": s.Phone, "email": s.Email,
		"icp": s.ICP, "icp_link": s.ICPLink, "psb": s.PSB, "psb_link": s.PSBLink, "mail_from_name": s.MailFromName,
		// 文字替换 (update_site_texts.go).
		site.TextsField(i18n.Chinese): site.FormatTexts(s.Texts[i18n.Chinese]),
		site.TextsField(i18n.English): site.FormatTexts(s.Texts[i18n.English])}
}

// Handle validates and stores the settings with their audit entry
// (settings.site); the logo is kept.
func (h *UpdateSiteSettingsHandler) Handle(ctx context.Context, cmd UpdateSiteSettings) error {
	d := h.d
	if err := access.Authorize(d.Authz, cmd.Principal, access.ManageSettings, ""); err != nil {
		return err
	}
	v := cmd.Settings
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	if !d.Source.Writable() {
		return apperr.Conflict("settings_readonly", "网站设置由系统配置决定，不能在线修改")
	}
	return d.store(ctx, cmd.Principal, func(before site.Settings) site.Settings {
		v.Logo = before.Logo
		v.Texts = before.Texts // 文字替换 has its own form
		return v
	}, "修改网站设置")
}

// store changes the settings in force with change and records the audit entry
// in one transaction.
func (d SiteSettingsDeps) store(ctx context.Context, p access.Principal,
	change func(before site.Settings) site.Settings, summary string) error {
	return inTx(ctx, d.Tx, func(ctx context.Context) error {
		before, err := d.Source.Current(ctx)
		if err != nil {
			return apperr.Internal(err)
		}
		after := change(before)
		after.UpdatedAt, after.UpdatedBy = d.Clock.Now().UTC(), p.ID
		if err := d.Source.Store(ctx, after); err != nil {
			return apperr.Internal(err)
		}
		return d.Audit.Record(ctx, p, audit.Entry{Action: audit.SiteSettingsUpdate, Subject: "settings:site",
			Summary: summary, Changes: audit.Diff(siteFields(), siteValues(before), siteValues(after))})
	})
}
