package webui

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/i18n"
)

// Default configuration values.
const (
	DefaultAssociationName   = "中国质量协会"
	DefaultSessionCookieName = "member_session"
)

// Config tunes the web UI.
type Config struct {
	// AssociationName is shown in the header, the titles and the notices;
	// DefaultAssociationName when empty.
	AssociationName string
	// BaseURL is the public address of the site (e.g. https://members.example.org).
	// Its origin is trusted by the cross-origin check, for deployments behind a proxy
	// that rewrites the Host header. Optional.
	BaseURL string
	// SessionCookieName names the login session cookie; DefaultSessionCookieName
	// when empty.
	SessionCookieName string
	// CaptchaTestMode must match the application's captcha test mode: the slider
	// then shows a visible 「测试模式」 badge so nobody mistakes the site for production.
	CaptchaTestMode bool
	// Location is the association's time zone for dates and times shown in pages;
	// time.Local when nil.
	Location *time.Location
	// PaymentSandbox is the embedded payment sandbox's gateway simulator (the
	// handler alipay.NewSandbox returns). When set, it is mounted at
	// PaymentSandboxPath for GET and POST, and the 缴纳会费 page says that no real
	// money moves.
	PaymentSandbox http.Handler
	// PaymentGatewayURL is the address of an online payment gateway on another
	// origin (Alipay's own). Its origin is allowed as a form target of the 缴纳会费
	// page, because browsers apply the form-action policy to the redirect that
	// follows 「立即支付」. Optional; the embedded sandbox is same-origin.
	PaymentGatewayURL string
	// Catalog is the string catalog (the embedder's or the admin's overrides
	// set on it); nil is the shipped one.
	Catalog *i18n.Catalog
	// AcceptLanguage answers a visitor who has not chosen a language (the
	// footer's 中文 · English, ?lang=) in the language the browser asks for;
	// off, such visitors get zh-CN.
	AcceptLanguage bool
	// Texts are the embedder's replacements (locale → Chinese key → text),
	// under the admin's 文字替换: the UI keeps the Catalog's overrides at both
	// (texts.go).
	Texts map[string]map[string]string
}

// UI is the web application. Build it with New; it is safe for concurrent use.
type UI struct {
	app    *app.Core
	cfg    Config
	log    *slog.Logger
	site   *site
	tpl    *liveTemplates // rebuilt when the wording changes (texts.go)
	assets *assets
	csrf   *csrfGuard
	// cookies names the session cookie (__Host- over HTTPS).
	cookies sessionCookies
	menus   menus
	// options are the controlled vocabularies of the application forms, read
	// once.
	options *query.ApplicationOptions
	// feesCSP is the Content-Security-Policy of the 缴纳会费 page: the gateway is
	// a form target there.
	feesCSP string
	// md renders articles' Markdown as sanitised HTML.
	md *markdown
	// cat is the string catalog: the pages' other languages and handlers' texts.
	cat *i18n.Catalog
	// texts is the admin's wording the pages were built with (texts.go).
	texts textState
}

// site is what every page knows about the association and the deployment.
type site struct {
	Name     string
	TestMode bool
	// The admin's branding (site settings): the header's mark or logo, the
	// colours' stylesheet ("" for the defaults) and the footer.
	ShortName, Mark, LogoURL, ThemeURL string
	Address, Phone, Email              string
	ICP, ICPLink, PSB, PSBLink         string
}

// New builds the UI: it parses the templates, fingerprints the static files and
// computes the menus of every role once. It fails when a template does not parse or
// a required static file is missing.
func New(a *app.Core, cfg Config, logger *slog.Logger) (*UI, error) {
	if a == nil {
		return nil, errors.New("webui: nil application")
	}
	if logger == nil {
		logger = slog.Default()
	}
	cfg.AssociationName = strings.TrimSpace(cfg.AssociationName)
	if cfg.AssociationName == "" {
		cfg.AssociationName = DefaultAssociationName
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.SessionCookieName == "" {
		cfg.SessionCookieName = DefaultSessionCookieName
	}
	if !validCookieName(cfg.SessionCookieName) {
		return nil, fmt.Errorf("webui: invalid session cookie name %q", cfg.SessionCookieName)
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if cfg.Catalog == nil {
		if cfg.Catalog, err = i18n.New(); err != nil {
			return nil, err
		}
	}
	tpl, err := parseTemplates(as, cfg.Location, cfg.Catalog, len(cfg.Texts[i18n.Chinese]) > 0)
	if err != nil {
		return nil, err
	}
	cookies := newSessionCookies(cfg.SessionCookieName)
	csrf, err := newCSRFGuard(cfg.BaseURL, cookies)
	if err != nil {
		return nil, err
	}
	u := &UI{
		app: a, cfg: cfg, log: logger, cat: cfg.Catalog,
		site:    &site{Name: cfg.AssociationName, TestMode: cfg.CaptchaTestMode, Mark: "会"},
		tpl:     newLiveTemplates(tpl),
		assets:  as,
		csrf:    csrf,
		cookies: cookies,
		md:      newMarkdown(),
	}
	if u.menus, err = buildMenus(a); err != nil {
		return nil, err
	}
	gateway, err := baseOrigin(cfg.PaymentGatewayURL)
	if err != nil {
		return nil, fmt.Errorf("webui: PaymentGatewayURL: %w", err)
	}
	u.feesCSP = contentSecurityPolicy
	if gateway != "" {
		u.feesCSP = strings.Replace(contentSecurityPolicy, "form-action 'self'", "form-action 'self' "+gateway, 1)
	}
	u.options = &query.ApplicationOptions{}
	if a.Queries.ApplicationOptions != nil {
		opts := a.Queries.ApplicationOptions.Handle()
		u.options = &opts
	}
	u.watchTexts(a.Queries.SiteSettings) // the admin's 文字替换 (texts.go)
	return u, nil
}

// RouterOptions returns the router options that give the UI's 404 and 405 pages
// (NotFound and MethodNotAllowed). Pass them to bunrouter.New after the middleware
// options, so that the 404 handler runs inside the middleware too:
//
//	r := bunrouter.New(append([]bunrouter.Option{bunrouter.Use(httpmw.Chain(o))}, ui.RouterOptions()...)...)
func (u *UI) RouterOptions() []bunrouter.Option {
	return []bunrouter.Option{
		bunrouter.WithNotFoundHandler(u.NotFound),
		bunrouter.WithMethodNotAllowedHandler(u.MethodNotAllowed),
	}
}

// NewRouter is a convenience that builds a router with the given middleware and the
// UI's options, and registers the UI's routes on it.
func (u *UI) NewRouter(mw ...bunrouter.MiddlewareFunc) *bunrouter.Router {
	opts := []bunrouter.Option{bunrouter.Use(mw...)}
	r := bunrouter.New(append(opts, u.RouterOptions()...)...)
	u.Register(r)
	return r
}

// validCookieName reports whether s is a usable cookie name (an RFC 6265 token).
func validCookieName(s string) bool {
	c := http.Cookie{Name: s, Value: "x"}
	return c.Valid() == nil
}

// baseOrigin returns the scheme://host of a base URL, or "" when it is empty.
func baseOrigin(base string) (string, error) {
	base = strings.TrimSpace(base)
	if base == "" {
		return "", nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("webui: invalid BaseURL %q", base)
	}
	return u.Scheme + "://" + u.Host, nil
}
