package webui

import (
	"io"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	sitedom "github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminSitePath is 网站设置 (admin): branding and footer.
const adminSitePath = "/admin/settings/site"

// siteSettingsView is the data of 网站设置.
type siteSettingsView struct {
	Writable bool
	LogoURL  string
	Updated  string
}

var siteNotices = map[string]string{"saved": "网站设置已保存", "logo": "协会标志已更新",
	"texts": "文字替换已保存并生效"} // admin_site_texts.go

// siteFormFields are the form's fields, in order.
func siteFormFields() []string {
	return []string{"name", "short_name", "primary", "accent", "address", "phone", "email", "icp", "icp_link",
		"psb", "psb_link", "mail_from_name"}
}

func siteForm(s sitedom.Settings) *form {
	return newForm().set("name", s.Name).set("short_name", s.ShortName).set("primary", s.Primary).
		set("accent", s.Accent).set("address", s.Address).set("phone", s.Phone).set("email", s.Email).
		set("icp", s.ICP).set("icp_link", s.ICPLink).set("psb", s.PSB).set("psb_link", s.PSBLink).
		set("mail_from_name", s.MailFromName)
}

// adminSiteShow is 网站设置.
func (u *UI) adminSiteShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	s, _, err := u.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return u.showError(w, req, err)
	}
	return u.renderSiteSettings(w, req, sc, siteForm(s), http.StatusOK)
}

func (u *UI) renderSiteSettings(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form,
	status int) error {
	s, writable, err := u.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return u.showError(w, req, err)
	}
	v := siteSettingsView{Writable: writable}
	if s.Logo.Key != "" {
		v.LogoURL = siteLogoPath + "?v=" + s.Logo.Version
	}
	if !s.UpdatedAt.IsZero() {
		v.Updated = u.minute(s.UpdatedAt)
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "site-settings")
	p.Form = withTexts(f, s.Texts) // 文字替换 (admin_site_texts.go)
	p.Notice = noticeFor(req, siteNotices)
	p.Data = &v
	u.render(w, req, status, "admin_site_settings.html", p)
	return nil
}

// adminSiteSubmit stores the branding and footer.
func (u *UI) adminSiteSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm()
	for _, name := range siteFormFields() {
		f.set(name, req.PostFormValue(name))
	}
	s := sitedom.Settings{Name: f.Value("name"), ShortName: f.Value("short_name"), Primary: f.Value("primary"),
		Accent: f.Value("accent"), Address: f.Value("address"), Phone: f.Value("phone"), Email: f.Value("email"),
		ICP: f.Value("icp"), ICPLink: f.Value("icp_link"), PSB: f.Value("psb"), PSBLink: f.Value("psb_link"),
		MailFromName: f.Value("mail_from_name")}
	err := u.app.Commands.UpdateSiteSettings.Handle(req.Context(), command.UpdateSiteSettings{
		Principal: sc.Session.Principal, Settings: s})
	if err != nil {
		return u.siteFailed(w, req, sc, f, err)
	}
	return redirectDone(w, req, adminSitePath, "saved")
}

func (u *UI) siteFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, f *form, err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	f.fail(e)
	return u.renderSiteSettings(w, req, sc, f, httpkit.Status(e.Kind))
}

// adminSiteLogo stores an uploaded logo (the session and the admin's right are
// checked before the body is read).
func (u *UI) adminSiteLogo(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	fh, _, err := uploadOf(req).singleFileOf(command.LogoField, "只能上传1个PNG/JPG文件")
	if err == nil {
		var file io.ReadCloser
		if file, err = fh.Open(); err == nil {
			err = u.app.Commands.UploadSiteLogo.Handle(req.Context(), command.UploadSiteLogo{
				Principal: sc.Session.Principal, Content: file})
			_ = file.Close()
		}
	}
	if err != nil {
		s, _, qerr := u.app.Queries.SiteSettings.Current(req.Context())
		if qerr != nil {
			return u.showError(w, req, qerr)
		}
		return u.siteFailed(w, req, sc, siteForm(s), err)
	}
	return redirectDone(w, req, adminSitePath, "logo")
}
