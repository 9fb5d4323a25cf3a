package webui

import (
	"net/http"
	"strings"

	"github.com/openassoc/membership/adapters/httpmw"
)

// hostPrefix is the cookie-name prefix browsers accept only on a cookie set
// over HTTPS with Secure, Path=/ and no Domain: neither a sibling subdomain nor
// a plain-HTTP page can plant or overwrite such a cookie.
const hostPrefix = "__Host-"

// sessionCookies names the login session cookie: __Host-<name> over HTTPS, the
// plain name over plain HTTP (a local trial on loopback, where the prefix
// cannot be used). Both names are read, so that sessions started before a
// deployment moved to HTTPS (or before this prefix existed) carry on; the
// scheme's own name wins when a browser sends both.
type sessionCookies struct {
	plain, secure string
}

func newSessionCookies(name string) sessionCookies {
	if strings.HasPrefix(name, hostPrefix) {
		return sessionCookies{plain: name, secure: name}
	}
	return sessionCookies{plain: name, secure: hostPrefix + name}
}

// name is the cookie name a session started by r is set under.
func (c sessionCookies) name(r *http.Request) string {
	if httpmw.IsHTTPS(r) {
		return c.secure
	}
	return c.plain
}

// other is the name of the other scheme.
func (c sessionCookies) other(r *http.Request) string {
	if httpmw.IsHTTPS(r) {
		return c.plain
	}
	return c.secure
}

// token returns the raw session token the request carries, or "": the
// scheme's cookie first, then the other name.
func (c sessionCookies) token(r *http.Request) string {
	for _, n := range []string{c.name(r), c.other(r)} {
		if k, err := r.Cookie(n); err == nil && k.Value != "" {
			return k.Value
		}
	}
	return ""
}

// tokens returns every distinct session token the request carries (a browser
// may hold both names during the switch).
func (c sessionCookies) tokens(r *http.Request) []string {
	var out []string
	for _, n := range []string{c.name(r), c.other(r)} {
		if k, err := r.Cookie(n); err == nil && k.Value != "" && (len(out) == 0 || out[0] != k.Value) {
			out = append(out, k.Value)
		}
	}
	return out
}

// cookie is the session cookie for r with value v: HttpOnly, SameSite=Lax,
// Path=/, no Domain, and Secure over HTTPS (which __Host- requires).
func (c sessionCookies) cookie(r *http.Request, v string) *http.Cookie {
	return &http.Cookie{Name: c.name(r), Value: v, Path: "/", HttpOnly: true, Secure: httpmw.IsHTTPS(r),
		SameSite: http.SameSiteLaxMode}
}

// clear tells the browser to forget the session cookie under the scheme's name
// and, over HTTPS, the plain name too (a __Host- cookie cannot be touched over
// plain HTTP, nor is it sent there).
func (c sessionCookies) clear(w http.ResponseWriter, r *http.Request) {
	k := c.cookie(r, "")
	k.MaxAge = -1
	http.SetCookie(w, k)
	c.clearPlain(w, r)
}

// clearPlain removes, over HTTPS, a session cookie under the plain name that
// the browser still sends from before the switch.
func (c sessionCookies) clearPlain(w http.ResponseWriter, r *http.Request) {
	if !httpmw.IsHTTPS(r) || c.plain == c.secure {
		return
	}
	if _, err := r.Cookie(c.plain); err == nil {
		http.SetCookie(w, &http.Cookie{Name: c.plain, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			Secure: true, SameSite: http.SameSiteLaxMode})
	}
}
