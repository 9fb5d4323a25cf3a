package webui

import (
	"net/http"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/uptrace/bunrouter"
)

// page is the data every template receives.
type page struct {
	Site   *site
	CSRF   string
	Nav    string  // the active public navigation link
	Viewer viewer  // who is logged in, for the public header
	Portal *portal // the portal header and menu (member and back office)
	Form   *form
	Notice string // a success message
	Data   any    // the page's own data
	// Export is the list's 导出 Excel / 导出 CSV buttons (nil: none).
	Export *exportBar
	// Here is the page's own path and query: the language links come back to it.
	Here string
	// csp replaces the default Content-Security-Policy of the page when set.
	csp string
}

// viewer is the logged-in principal as the public header shows it.
type viewer struct {
	Member bool
	Staff  bool
}

// portal is the header and left menu of the member portal and the back office.
type portal struct {
	Title      string // 会员系统 / 管理后台
	HomeURL    string
	LogoutURL  string
	Account    string // the account name
	NumberText string // 会员编号: … (members) or the role label (staff)
	Unread     int    // 提醒 badge; members only
	AlertsOpen bool   // the 提醒 page is the current page
	Member     bool
	// Unverified shows the banner 「请先验证邮箱」 (members whose address Email
	// is not verified yet).
	Unverified bool
	Email      string
	Menu       []menuLink
	MenuLabel  string
}

// newPage starts the data of a page: the site, the CSRF token (setting its cookie
// when new) and the active navigation link.
func (u *UI) newPage(w http.ResponseWriter, req bunrouter.Request, nav string) *page {
	return &page{Site: u.siteFor(req), CSRF: u.csrf.token(w, req.Request), Nav: nav, Here: req.URL.RequestURI()}
}

// publicPage is newPage plus the viewer, so the header can show 会员中心.
func (u *UI) publicPage(w http.ResponseWriter, req bunrouter.Request, nav string) *page {
	p := u.newPage(w, req, nav)
	if s, ok := u.optionalSession(req); ok {
		p.Viewer = viewer{Member: s.Principal.IsMember(), Staff: s.Principal.IsStaff()}
	}
	return p
}

// refused re-renders a page after a refused form: field errors and conflicts
// show beside form f (a new one when nil) with their status, unless the caller
// gives its own (a 413, say); anything that is not the user's doing gets the
// error page. render draws the page.
func (u *UI) refused(w http.ResponseWriter, req bunrouter.Request, f *form, status int, err error,
	render func(p *page, status int) error) error {
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
		return u.showError(w, req, err)
	}
	if status == 0 || status == http.StatusOK {
		status = httpkit.Status(e.Kind)
	}
	if f == nil {
		f = newForm()
	}
	p := u.newPage(w, req, "")
	p.Form = f
	p.Form.fail(e)
	return render(p, status)
}
