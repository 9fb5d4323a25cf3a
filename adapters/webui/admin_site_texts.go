package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	sitedom "github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/core/i18n"
)

// 网站设置's 文字替换: the admin's own wording of any string, one textarea of
// 「原文 = 替换文字」 lines per locale. The form is sent as multipart (its
// lines may reach 64 KB per locale, beyond the plain forms' bound) and read
// with the uploads' guard.

// withTexts puts the stored replacements into the form's texts fields unless
// the form carries them already (a refused submission shows what was typed).
func withTexts(f *form, texts sitedom.Texts) *form {
	for _, locale := range i18n.Locales {
		field := sitedom.TextsField(locale)
		if _, ok := f.values[field]; !ok {
			f.set(field, sitedom.FormatTexts(texts[locale]))
		}
	}
	return f
}

// adminSiteTexts stores the 文字替换 of every locale (audited with the site
// settings); the pages show them at once, the other instances within seconds.
func (u *UI) adminSiteTexts(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm()
	texts := map[string]string{}
	for _, locale := range i18n.Locales {
		field := sitedom.TextsField(locale)
		f.set(field, req.PostFormValue(field))
		texts[locale] = f.Value(field)
	}
	var err error
	if uploadOf(req).tooLarge {
		var v apperr.Validation
		v.Add(sitedom.TextsField(i18n.Chinese), "too_long", "文字替换内容过多，每种语言不能超过 64 KB")
		err = v.Err()
	} else {
		err = u.app.Commands.UpdateSiteTexts.Handle(req.Context(), command.UpdateSiteTexts{
			Principal: sc.Session.Principal, Texts: texts})
	}
	if err != nil {
		return u.siteFailed(w, req, sc, u.siteFormNow(req, f), err)
	}
	return redirectDone(w, req, adminSitePath, "texts")
}

// siteFormNow is the branding form of the settings in force with the fields
// of f (the refused texts) over it.
func (u *UI) siteFormNow(req bunrouter.Request, f *form) *form {
	s, _, err := u.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return f
	}
	out := siteForm(s)
	for k, v := range f.values {
		out.set(k, v)
	}
	return out
}
