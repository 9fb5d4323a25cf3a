package webui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"sync"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/i18n"
)

//go:embed templates
var templateFS embed.FS

// templates holds the parsed pages: the zh-CN set of every page, parsed at
// start-up, and the localized sets (English; zh-CN too when the wording is
// replaced), each made on its first use from the unexecuted layouts and
// partials — a page nobody asks for in English costs no memory.
type templates struct {
	common *template.Template            // layouts and partials, never executed
	zh     map[string]*template.Template // file → the zh-CN set
	cat    *i18n.Catalog
	// localizeZH routes zh-CN through the catalog too (the wording replaced).
	localizeZH bool
	built      sync.Map // locale + "/" + file → *template.Template
}

// page is the template set of the page name in locale: zh-CN as parsed, or
// the page localized (built once, then kept). A page that cannot be
// localized (it cannot happen with templates that parsed) falls back to zh-CN.
func (ts *templates) page(locale, name string) *template.Template {
	if locale == i18n.Chinese && !ts.localizeZH || !slices.Contains(i18n.Locales, locale) {
		return ts.zh[name]
	}
	key := locale + "/" + name
	if t, ok := ts.built.Load(key); ok {
		return t.(*template.Template)
	}
	t, err := ts.localize(locale, name)
	if err != nil || t == nil {
		return ts.zh[name]
	}
	got, _ := ts.built.LoadOrStore(key, t)
	return got.(*template.Template)
}

// localize parses the page name afresh and makes it locale's: its text is
// translated and its printed values go through the catalog
// (i18n.Catalog.LocalizeTree).
func (ts *templates) localize(locale, name string) (*template.Template, error) {
	if ts.zh[name] == nil {
		return nil, nil
	}
	t, err := parsePage(ts.common, "templates/pages/"+name)
	if err != nil {
		return nil, err
	}
	t.Funcs(template.FuncMap{"tr": ts.cat.Func(locale), "lang": func() string { return locale }})
	for _, x := range t.Templates() {
		ts.cat.LocalizeTree(locale, x.Tree, "tr")
	}
	return t, nil
}

// parseTemplates parses every page's zh-CN set at start-up; with localizeZH
// the Chinese pages too go through the catalog (the admin's or the
// embedder's replacements of Chinese wording).
func parseTemplates(as *assets, loc *time.Location, cat *i18n.Catalog, localizeZH bool) (*templates, error) {
	common, err := parseCommon(as, loc)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	zh := make(map[string]*template.Template, len(files))
	for _, f := range files {
		if zh[path.Base(f)], err = parsePage(common, f); err != nil {
			return nil, err
		}
	}
	return &templates{common: common, zh: zh, cat: cat, localizeZH: localizeZH}, nil
}

// parsePages parses the zh-CN set of every page.
func parsePages(as *assets, loc *time.Location) (map[string]*template.Template, error) {
	ts, err := parseTemplates(as, loc, nil, false)
	if err != nil {
		return nil, err
	}
	return ts.zh, nil
}

// parsePage is a clone of the layouts and partials with the page file f.
func parsePage(common *template.Template, f string) (*template.Template, error) {
	t, err := common.Clone()
	if err != nil {
		return nil, err
	}
	if t, err = t.ParseFS(templateFS, f); err != nil {
		return nil, fmt.Errorf("webui: parse %s: %w", f, err)
	}
	return t, nil
}

// parseCommon parses the layouts and partials with the pages' functions.
func parseCommon(as *assets, loc *time.Location) (*template.Template, error) {
	funcs := template.FuncMap{
		// lang is the page's language (<html lang>); tr translates a printed
		// value (the identity here: the templates are written in zh-CN).
		"lang":   func() string { return i18n.Chinese },
		"tr":     func(v any) any { return v },
		"static": as.url,
		"field":  newField,
		// slider is the page's data for the slider check of a form (purpose).
		"slider": newSlider,
		"choice": newChoice,
		// date and datetime show a time in the association's time zone.
		"date":     func(t time.Time) string { return t.In(loc).Format("2006-01-02") },
		"datetime": func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05") },
		// isotime is the machine-readable time of a <time datetime="…">.
		"isotime": func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		// day shows a calendar day the core keeps as midnight UTC (validity,
		// payment days) as it is.
		"day": calendarDay,
		// yuan shows fen as the fee pages do: ¥5000, ¥480.50.
		"yuan": payment.Yuan,
		// yuanTable shows fen as tables do: ¥5,000.00.
		"yuanTable": payment.YuanTable,
		// reasonThen is a reason and what to do, the instruction said once
		// (「盖章不清晰，请修改后重新提交」).
		"reasonThen": notification.ReasonThen,
		// inc counts from one in range loops (开票教程's steps).
		"inc":   func(i int) int { return i + 1 },
		"notes": func(ns []query.NotificationItem) template.HTML { return notificationItems(ns, loc) },
		// tone is a status label's colour in the one status scheme (status_tone.go).
		"tone": statusTone,
	}
	common, err := template.New("common").Funcs(funcs).ParseFS(templateFS,
		"templates/layout/*.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("webui: parse layouts: %w", err)
	}
	return common, nil
}

// bufPool recycles render buffers.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// contentSecurityPolicy allows only the site's own scripts and styles; the slider
// pictures are data: URLs.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; " +
	"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// render executes a page into a pooled buffer and writes it only when the whole
// page rendered, so a template error never sends half a page.
func (u *UI) render(w http.ResponseWriter, req bunrouter.Request, status int, name string, p *page) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	keepLocale(w, req.Request)
	t := u.tpl.page(u.locale(req.Request), name)
	if t == nil {
		u.renderFailed(w, req, fmt.Errorf("webui: no template %s", name))
		return
	}
	if err := t.ExecuteTemplate(buf, name, p); err != nil {
		u.renderFailed(w, req, fmt.Errorf("webui: render %s: %w", name, err))
		return
	}
	csp := contentSecurityPolicy
	if p != nil && p.csp != "" {
		csp = p.csp
	}
	writeHTMLWith(w, status, csp, buf.Bytes())
}

// writeHTML writes a complete HTML response with the page headers.
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	writeHTMLWith(w, status, contentSecurityPolicy, body)
}

// writeHTMLWith is writeHTML with a page's own Content-Security-Policy.
func writeHTMLWith(w http.ResponseWriter, status int, csp string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", csp)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// renderFailed answers a page whose template failed. It does not use a template, so
// it cannot fail the same way.
func (u *UI) renderFailed(w http.ResponseWriter, req bunrouter.Request, err error) {
	id := httpmw.RequestID(req.Context())
	httpmw.Logger(req.Context(), u.log).Error("render page", "err", err, "path", req.URL.Path)
	body := `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统繁忙</title></head>` +
		`<body><main><h1>系统繁忙，请稍后再试</h1><p>错误编号：` + template.HTMLEscapeString(id) +
		`</p><p><a href="/">返回首页</a></p></main></body></html>`
	writeHTML(w, http.StatusInternalServerError, []byte(body))
}
