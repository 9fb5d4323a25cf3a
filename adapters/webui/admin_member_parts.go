package webui

import (
	"html/template"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/ports"
)

// The long parts of the member detail (the application's sections, the
// timeline) and the notifications' list are written here rather than by the
// template: html/template calls its escapers through reflection for every
// value, and these parts hold most of a page's values. The markup is the
// templates' own (admin_member_parts_test.go compares them), escaped as
// html/template escapes text and quoted attributes.

// htmlEscaper escapes text and quoted attribute values as html/template does.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")

// partWriter builds one part of a page.
type partWriter struct {
	b   strings.Builder
	loc *time.Location
}

// raw writes markup as it is.
func (w *partWriter) raw(s string) { w.b.WriteString(s) }

// text writes s escaped.
func (w *partWriter) text(s string) { _, _ = htmlEscaper.WriteString(&w.b, s) }

// when writes the <time> of t: the machine-readable time and, as text, the
// time in the association's zone (the templates' isotime and datetime).
func (w *partWriter) when(class string, t time.Time) {
	t = t.In(w.loc)
	w.raw(`<time class="` + class + `" datetime="`)
	w.text(t.Format(time.RFC3339))
	w.raw(`">`)
	w.text(t.Format("2006-01-02 15:04:05"))
	w.raw(`</time>`)
}

// html returns what was written.
func (w *partWriter) html() template.HTML {
	return template.HTML(w.b.String()) // #nosec G203 -- every value escaped by text or when
}

// formSections writes the sections of an application form (会员详情's
// 入会申请表): each title and its rows, 「未填写」 for an empty value.
func formSections(sections []ports.FormSection) template.HTML {
	w := &partWriter{}
	for _, s := range sections {
		w.raw(`<h3 class="member-section__title">`)
		w.text(s.Title)
		w.raw("</h3>\n      <dl class=\"info-grid\">\n        ")
		for _, r := range s.Rows {
			if r.Wide {
				w.raw(`<div class="info-grid__wide">`)
			} else {
				w.raw(`<div>`)
			}
			// A row without a label of its own (单位简介 under its heading)
			// is named by its section for screen readers only.
			if r.Label != "" {
				w.raw(`<dt>`)
				w.text(r.Label)
				w.raw(`:</dt>`)
			} else {
				w.raw(`<dt class="visually-hidden">`)
				w.text(s.Title)
				w.raw(`</dt>`)
			}
			if r.Wide {
				w.raw(`<dd class="prewrap">`)
			} else {
				w.raw(`<dd class="">`)
			}
			if r.Value == "" {
				w.raw(`<span class="muted">未填写</span>`)
			} else {
				w.text(r.Value)
			}
			w.raw("</dd></div>\n        ")
		}
		w.raw("\n      </dl>\n      ")
	}
	return w.html()
}

// timelineItems writes the entries of a member's timeline (the items of its
// <ol class="timeline">): when, what, and who did it.
func timelineItems(entries []query.TimelineEntry, loc *time.Location) template.HTML {
	w := &partWriter{loc: loc}
	w.b.Grow(len(entries) * 320)
	for _, e := range entries {
		w.raw("<li class=\"timeline__item\">\n          ")
		w.when("timeline__time", e.At)
		w.raw("\n          <p class=\"timeline__text\">")
		w.text(e.Text)
		w.raw("</p>\n          <p class=\"timeline__actor muted\">操作人：")
		if e.Actor == "" {
			w.raw("未记录")
		} else {
			w.text(e.Actor)
		}
		w.raw("</p>\n        </li>\n        ")
	}
	return w.html()
}

// notificationItems writes the items of a list of notifications (the
// "notifications" partial): unread ones marked 「新」.
func notificationItems(items []query.NotificationItem, loc *time.Location) template.HTML {
	w := &partWriter{loc: loc}
	w.b.Grow(len(items) * 360)
	for _, n := range items {
		if n.Read {
			w.raw("<li class=\"notes__item\">\n            <p class=\"notes__text\">")
		} else {
			w.raw("<li class=\"notes__item is-unread\">\n            <p class=\"notes__text\"><span class=\"notes__new\">新</span> ")
		}
		w.text(n.Text)
		w.raw("</p>\n            ")
		w.when("notes__time", n.CreatedAt)
		w.raw("\n          </li>\n          ")
	}
	return w.html()
}
