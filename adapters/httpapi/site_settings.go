package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/site"
)

// siteSettingsJSON is the branding (schema SiteSettings; the logo is uploaded
// in the back office).
type siteSettingsJSON struct {
	Name         string `json:"name"`
	ShortName    string `json:"short_name"`
	Primary      string `json:"primary"`
	Accent       string `json:"accent"`
	Address      string `json:"address"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	ICP          string `json:"icp"`
	ICPLink      string `json:"icp_link"`
	PSB          string `json:"psb"`
	PSBLink      string `json:"psb_link"`
	MailFromName string `json:"mail_from_name"`
}

// getSiteSettings is GET /settings/site: the branding in force (public).
func (a *API) getSiteSettings(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, siteSettingsJSON{Name: s.Name, ShortName: s.ShortName, Primary: s.Primary,
		Accent: s.Accent, Address: s.Address, Phone: s.Phone, Email: s.Email, ICP: s.ICP, ICPLink: s.ICPLink,
		PSB: s.PSB, PSBLink: s.PSBLink, MailFromName: s.MailFromName})
}

// putSiteSettings is PUT /settings/site (admin; audited).
func (a *API) putSiteSettings(w http.ResponseWriter, req bunrouter.Request) error {
	sess, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in siteSettingsJSON
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.UpdateSiteSettings.Handle(req.Context(), command.UpdateSiteSettings{
		Principal: sess.Principal, Settings: site.Settings{Name: in.Name, ShortName: in.ShortName,
			Primary: in.Primary, Accent: in.Accent, Address: in.Address, Phone: in.Phone, Email: in.Email,
			ICP: in.ICP, ICPLink: in.ICPLink, PSB: in.PSB, PSBLink: in.PSBLink, MailFromName: in.MailFromName},
	}); err != nil {
		return err
	}
	return a.getSiteSettings(w, req)
}
