package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/core/i18n"
)

// siteTextsJSON is 文字替换 (schema SiteTexts): per locale, the lines
// 「原文 = 替换文字」. In a PUT a field left out keeps that locale's lines.
type siteTextsJSON struct {
	TextsZh *string `json:"texts_zh"`
	TextsEn *string `json:"texts_en"`
}

// getSiteTexts is GET /settings/site/texts (admin): the replacements in force.
func (a *API) getSiteTexts(w http.ResponseWriter, req bunrouter.Request) error {
	sess, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.authorize(sess.Principal, access.ManageSettings); err != nil {
		return err
	}
	s, _, err := a.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return err
	}
	zh, en := site.FormatTexts(s.Texts[i18n.Chinese]), site.FormatTexts(s.Texts[i18n.English])
	return a.ok(w, http.StatusOK, siteTextsJSON{TextsZh: &zh, TextsEn: &en})
}

// putSiteTexts is PUT /settings/site/texts (admin; audited as settings.site):
// every line is checked, a bad one refuses the whole request on its field.
func (a *API) putSiteTexts(w http.ResponseWriter, req bunrouter.Request) error {
	sess, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in siteTextsJSON
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	texts := map[string]string{}
	if in.TextsZh != nil {
		texts[i18n.Chinese] = *in.TextsZh
	}
	if in.TextsEn != nil {
		texts[i18n.English] = *in.TextsEn
	}
	if err := a.app.Commands.UpdateSiteTexts.Handle(req.Context(), command.UpdateSiteTexts{
		Principal: sess.Principal, Texts: texts}); err != nil {
		return err
	}
	return a.getSiteTexts(w, req)
}
