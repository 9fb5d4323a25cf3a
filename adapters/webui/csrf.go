package webui

import (
	"crypto/rand"
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

// csrfGuard checks state-changing requests twice: a random token in a cookie that
// the page echoes in a hidden field or header (double submit, compared in constant
// time), and net/http's cross-origin protection (Sec-Fetch-Site / Origin).
type csrfGuard struct {
	cop *http.CrossOriginProtection
}

func newCSRFGuard(baseURL string) (*csrfGuard, error) {
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
	return &csrfGuard{cop: cop}, nil
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

// token returns the request's CSRF token, creating it (and its cookie) when the
// browser has none yet.
func (g *csrfGuard) token(w http.ResponseWriter, r *http.Request) string {
	if t := cookieToken(r); t != "" {
		return t
	}
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
	return matchToken(r, got)
}

// precheck is the part of the check that needs no body: the cross-origin
// protection and a well-formed token cookie.
func (g *csrfGuard) precheck(r *http.Request) error {
	if err := g.cop.Check(r); err != nil {
		return errCSRF
	}
	if cookieToken(r) == "" {
		return errCSRF
	}
	return nil
}

// matchToken compares the token the request echoed with its cookie's, in constant
// time.
func matchToken(r *http.Request, got string) error {
	want := cookieToken(r)
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
