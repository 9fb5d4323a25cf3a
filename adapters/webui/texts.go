package webui

import (
	"context"
	"html/template"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/openassoc/membership/core/app/query"
	sitedom "github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/core/i18n"
)

// docContext is the request's context carrying its language (i18n.WithLocale),
// for the queries that draw documents (the application form, the advance
// invoice form, the card and certificate): they come out in the language the
// page is shown in.
func (u *UI) docContext(r *http.Request) context.Context {
	return i18n.WithLocale(r.Context(), u.locale(r))
}

// liveTemplates are the page templates in force: rebuilt when the wording
// changes (the admin's 文字替换), swapped while pages are being rendered.
type liveTemplates struct {
	cur atomic.Pointer[templates]
}

func newLiveTemplates(t *templates) *liveTemplates {
	l := &liveTemplates{}
	l.cur.Store(t)
	return l
}

// page is the template set of the page name in locale.
func (l *liveTemplates) page(locale, name string) *template.Template {
	return l.cur.Load().page(locale, name)
}

// textState is the wording the pages were built with.
type textState struct {
	mu      sync.Mutex
	applied sitedom.Texts // the admin's texts in the catalog and the pages
}

// watchTexts applies the admin's 文字替换 now and whenever the site settings
// are read afresh (every few seconds, at once after a change here): on every
// instance the catalog gets Config.Texts with the admin's over them, and the
// pages are rebuilt.
func (u *UI) watchTexts(q *query.SiteSettingsHandler) {
	if q == nil {
		return
	}
	q.OnTexts(u.applyTexts)
	if _, _, err := q.Current(context.Background()); err != nil { // calls applyTexts
		u.log.Warn("read the site's texts", "err", err)
	}
}

// applyTexts puts the admin's texts (over Config.Texts) into the catalog and
// rebuilds the pages, unless they are the ones applied already.
func (u *UI) applyTexts(admin sitedom.Texts) {
	u.texts.mu.Lock()
	defer u.texts.mu.Unlock()
	if admin.Equal(u.texts.applied) {
		return
	}
	over := mergeTexts(u.cfg.Texts, admin)
	u.cat.SetOverrides(over)
	tpl, err := parseTemplates(u.assets, u.cfg.Location, u.cat, len(over[i18n.Chinese]) > 0)
	if err != nil { // cannot happen with templates that parsed at start; keep the pages
		u.log.Error("rebuild the pages with the new texts", "err", err)
		return
	}
	u.tpl.cur.Store(tpl)
	u.texts.applied = admin
}

// mergeTexts is the embedder's texts with the admin's over them, by locale.
func mergeTexts(embedder map[string]map[string]string, admin sitedom.Texts) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, layer := range []map[string]map[string]string{embedder, admin} {
		for locale, texts := range layer {
			if out[locale] == nil {
				out[locale] = map[string]string{}
			}
			maps.Copy(out[locale], texts)
		}
	}
	return out
}
