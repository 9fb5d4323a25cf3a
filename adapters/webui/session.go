package webui

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/auth"
)

// sessionToken returns the raw token of the session cookie, or "" (see
// sessionCookies for its two names).
func (u *UI) sessionToken(r *http.Request) string { return u.cookies.token(r) }

// session resolves the session cookie; a missing or expired session is an
// Unauthorized error.
func (u *UI) session(req bunrouter.Request) (auth.Session, string, error) {
	token := u.sessionToken(req.Request)
	s, err := u.app.Queries.CurrentSession.Handle(req.Context(), token)
	s.Principal.Address = httpmw.ClientIP(req.Request)
	return s, token, err
}

// optionalSession returns the live session of the request, if any.
func (u *UI) optionalSession(req bunrouter.Request) (auth.Session, bool) {
	if u.sessionToken(req.Request) == "" {
		return auth.Session{}, false
	}
	s, _, err := u.session(req)
	return s, err == nil
}

// startSession sets the cookie of a new login session, ending the session the
// browser had before (one browser, one session). The CSRF token changes with
// the session (it is bound to it), and the visitor's token of before the login
// is replaced too, so that no token of before the login is accepted after it.
func (u *UI) startSession(w http.ResponseWriter, req bunrouter.Request, res command.LoginResult) {
	for _, old := range u.cookies.tokens(req.Request) {
		u.endSession(req.Context(), req, old)
	}
	u.cookies.clearPlain(w, req.Request) // a plain-named cookie of before the switch
	c := u.cookies.cookie(req.Request, res.Token)
	if res.Session.Persistent {
		// 记住登录状态: the cookie outlives the browser for the session's life.
		c.MaxAge = int(auth.RememberFor.Seconds())
	}
	http.SetCookie(w, c)
	u.csrf.rotate(w, req.Request)
}

// endSession deletes a session server-side; failures are logged, the cookie goes
// anyway.
func (u *UI) endSession(ctx context.Context, req bunrouter.Request, token string) {
	err := u.app.Commands.Logout.Handle(ctx, command.Logout{TokenHash: auth.HashToken(token)})
	if err != nil {
		httpmw.Logger(ctx, u.log).Error("end session", "err", err)
	}
}

// clearSessionCookie tells the browser to forget the session cookie.
func (u *UI) clearSessionCookie(w http.ResponseWriter, req bunrouter.Request) {
	u.cookies.clear(w, req.Request)
}

// safeNext returns next when it is a local path on this site, else fallback, so
// that a login link cannot send the user elsewhere.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 1024 || next[0] != '/' || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	p, err := url.Parse(next)
	if err != nil || p.Scheme != "" || p.Host != "" || p.User != nil {
		return fallback
	}
	return next
}

// loginURL returns the login page for the area of the request, with the page to
// come back to.
func loginURL(req bunrouter.Request) string {
	base := "/login"
	if isAdminPath(req.URL.Path) {
		base = "/admin/login"
	}
	back := req.URL.Path
	if req.Method == http.MethodGet && req.URL.RawQuery != "" {
		back = req.URL.RequestURI()
	}
	return base + "?next=" + url.QueryEscape(back)
}

func isAdminPath(p string) bool { return p == "/admin" || strings.HasPrefix(p, "/admin/") }

// redirect answers 303 See Other, the right answer to a form post.
func redirect(w http.ResponseWriter, req bunrouter.Request, to string) error {
	http.Redirect(w, req.Request, to, http.StatusSeeOther)
	return nil
}
