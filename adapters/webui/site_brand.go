package webui

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	sitedom "github.com/openassoc/membership/core/domain/site"
)

// The branding's own resources: the uploaded logo and the colours as CSS
// variables (a stylesheet, since the Content-Security-Policy allows no inline
// style).
const (
	siteLogoPath  = "/site/logo"
	siteThemePath = "/site/theme.css"
)

// siteFor is what a page shows of the association: the admin's branding in
// force, or the configuration's name when it cannot be read.
func (u *UI) siteFor(req bunrouter.Request) *site {
	q := u.app.Queries.SiteSettings
	if q == nil {
		return u.site
	}
	s, _, err := q.Current(req.Context())
	if err != nil {
		httpmw.Logger(req.Context(), u.log).Warn("read site settings", "err", err)
		return u.site
	}
	out := *u.site
	if s.Name != "" {
		out.Name = s.Name
	}
	out.ShortName, out.Mark = s.ShortName, s.Mark()
	out.Address, out.Phone, out.Email = s.Address, s.Phone, s.Email
	out.ICP, out.ICPLink, out.PSB, out.PSBLink = s.ICP, s.ICPLink, s.PSB, s.PSBLink
	if s.Logo.Key != "" {
		out.LogoURL = siteLogoPath + "?v=" + s.Logo.Version
	}
	if s.Primary != sitedom.DefaultPrimary || s.Accent != sitedom.DefaultAccent {
		out.ThemeURL = siteThemePath + "?v=" + strings.TrimPrefix(s.Primary, "#") + strings.TrimPrefix(s.Accent, "#")
	}
	return &out
}

// siteLogo sends the uploaded logo (cached: its address changes with it).
func (u *UI) siteLogo(w http.ResponseWriter, req bunrouter.Request) error {
	logo, rc, err := u.app.Queries.SiteSettings.Logo(req.Context())
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = rc.Close() }()
	h := w.Header()
	h.Set("Content-Type", logo.ContentType)
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	_, err = io.Copy(w, rc)
	return err
}

// siteTheme sends the admin's colours as the stylesheet's variables.
func (u *UI) siteTheme(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := u.app.Queries.SiteSettings.Current(req.Context())
	if err != nil {
		return u.showError(w, req, err)
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = fmt.Fprintf(w, ":root {\n  --blue: %s;\n  --blue-dark: %s;\n  --blue-light: %s;\n  --accent: %s;\n"+
		"  --accent-dark: %s;\n}\n", s.Primary, darker(s.Primary), lighter(s.Primary), s.Accent, darker(s.Accent))
	return err
}

// darker is a #rrggbb colour at three quarters of its brightness.
func darker(hex string) string {
	return mix(hex, func(c uint64) uint64 { return c * 3 / 4 })
}

// lighter is a #rrggbb colour mixed with nine parts of white (a tint for
// backgrounds).
func lighter(hex string) string {
	return mix(hex, func(c uint64) uint64 { return (c + 9*255) / 10 })
}

// mix applies f to each channel of a #rrggbb colour.
func mix(hex string, f func(uint64) uint64) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		return hex
	}
	return fmt.Sprintf("#%02x%02x%02x", f((v>>16)&0xff), f((v>>8)&0xff), f(v&0xff))
}
