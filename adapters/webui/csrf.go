package webui

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
)

// CSRF cookie names: the __Host- prefix (which requires Secure) over HTTPS.
const (
	csrfCookieSecure = "__Host-csrf"
	csrfCookiePlain  = "csrf"
	csrfField        = "csrf_token"
	csrfHeader       = "X-CSRF-Token"
	csrfTokenLen     = 43 // base64url of 32 bytes
	maxFormBytes     = 64 << 10
)

// errCSRF is the refusal of a forged or stale state-changing request.
var errCSRF = errors.New("csrf check failed")

// csrfSessionLabel is what a session's CSRF token is the HMAC of; a new version
// of the label would change every session's token at once.
const csrfSessionLabel = "membership csrf token v1"

// csrfGuard checks state-changing requests twice: a token the page echoes in a
// hidden field or header (compared in constant time), and net/http's
// cross-origin protection (Sec-Fetch-Site / Origin).
//
// The token is bound to the login session: with a session cookie it is
// HMAC-SHA256 of a fixed label keyed with the raw session token, which only the
// browser holds (the database keeps its hash), so no key needs to be shared
// between instances and the token cannot be derived from anything stored. A new
// session (a login) has a new token; a token of before the login is refused
// after it. A visitor without a session gets a random token in a cookie
// instead (double submit), replaced at every login.
type csrfGuard struct {
	cop      *http.CrossOriginProtection
	sessions sessionCookies
}

func newCSRFGuard(baseURL string, sessions sessionCookies) (*csrfGuard, error) {
	cop := http.NewCrossOriginProtection()
	origin, err := baseOrigin(baseURL)
	if err != nil {
		return nil, err
	}
	if origin != "" {
		if err := cop.AddTrustedOrigin(origin); err != nil {
			return nil, err
		}
	}
	return &csrfGuard{cop: cop, sessions: sessions}, nil
}

func csrfCookieName(r *http.Request) string {
	if httpmw.IsHTTPS(r) {
		return csrfCookieSecure
	}
	return csrfCookiePlain
}

// cookieToken returns the well-formed token of the request's cookie, or "". The
// last well-formed one wins, so a token added by token() replaces a malformed one.
func cookieToken(r *http.Request) string {
	t := ""
	for _, c := range r.CookiesNamed(csrfCookieName(r)) {
		if len(c.Value) == csrfTokenLen {
			t = c.Value
		}
	}
	return t
}

// sessionCSRF is the CSRF token of a session: HMAC-SHA256 of csrfSessionLabel
// keyed with the raw session token, base64url (csrfTokenLen characters).
func sessionCSRF(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	_, _ = m.Write([]byte(csrfSessionLabel))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// want is the token the request must echo: its session's, or without a session
// cookie the visitor cookie's; "" when it has neither.
func (g *csrfGuard) want(r *http.Request) string {
	if s := g.sessions.token(r); s != "" {
		return sessionCSRF(s)
	}
	return cookieToken(r)
}

// token returns the request's CSRF token for a page: its session's, or the
// visitor's, creating that (and its cookie) when the browser has none yet.
func (g *csrfGuard) token(w http.ResponseWriter, r *http.Request) string {
	if t := g.want(r); t != "" {
		return t
	}
	return g.newVisitorToken(w, r)
}

// rotate gives the browser a new visitor token (at login), so that the token
// of before the login does not come back after a logout.
func (g *csrfGuard) rotate(w http.ResponseWriter, r *http.Request) {
	g.newVisitorToken(w, r)
}

// newVisitorToken sets a new random visitor token in its cookie and returns it.
func (g *csrfGuard) newVisitorToken(w http.ResponseWriter, r *http.Request) string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	t := base64.RawURLEncoding.EncodeToString(b[:])
	http.SetCookie(w, &http.Cookie{
		Name: csrfCookieName(r), Value: t, Path: "/",
		HttpOnly: true, Secure: httpmw.IsHTTPS(r), SameSite: http.SameSiteLaxMode,
	})
	// Later readers of the request (the same handler rendering) see the new token.
	r.AddCookie(&http.Cookie{Name: csrfCookieName(r), Value: t})
	return t
}

// check verifies a state-changing request; the form is parsed (bounded) when the
// token is not in the header.
func (g *csrfGuard) check(w http.ResponseWriter, r *http.Request) error {
	if err := g.precheck(r); err != nil {
		return err
	}
	got := r.Header.Get(csrfHeader)
	if got == "" {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		got = r.PostFormValue(csrfField)
	}
	return g.match(r, got)
}

// precheck is the part of the check that needs no body: the cross-origin
// protection and a token to compare with (a session, or a well-formed visitor
// cookie).
func (g *csrfGuard) precheck(r *http.Request) error {
	if err := g.cop.Check(r); err != nil {
		return errCSRF
	}
	if g.want(r) == "" {
		return errCSRF
	}
	return nil
}

// match compares the token the request echoed with the one it must echo, in
// constant time.
func (g *csrfGuard) match(r *http.Request, got string) error {
	want := g.want(r)
	if want == "" || len(got) != len(want) || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errCSRF
	}
	return nil
}

// protect guards a form handler: a failed check answers the 403 page and nothing
// is done.
func (u *UI) protect(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := u.csrf.check(w, req.Request); err != nil {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.showError(w, req, errCSRF)
		}
		return next(w, req)
	}
}

// protectJSON guards a JSON endpoint; failures answer a JSON error.
func (u *UI) protectJSON(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := u.csrf.check(w, req.Request); err != nil {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.writeJSONError(w, req, errCSRF)
		}
		return next(w, req)
	}
}
