package webui

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/i18n"
)

// langCookie keeps a visitor's choice of language (the footer's 中文 / English).
const langCookie = "lang"

// langPath switches the language: /lang/en?next=/members/search.
const langPath = "/lang/"

// locale is the language a request is answered in: a ?lang= of the address
// (render keeps it in the cookie), the visitor's choice (the lang cookie; a
// member's own setting is put there at login and when changed), then — when
// the association turns it on (Config.AcceptLanguage) — the browser's
// Accept-Language, then zh-CN.
//
// Accept-Language is off by default: the association's language is Simplified
// Chinese, and many of its members browse with an English-language system
// whose browser asks for en-US; they choose English with the footer's link.
func (u *UI) locale(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l := i18n.Match(q, i18n.Locales); l != "" {
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l := i18n.Match(c.Value, i18n.Locales); l != "" {
			return l
		}
	}
	if u.cfg.AcceptLanguage {
		if l := i18n.Negotiate(r.Header.Get("Accept-Language"), i18n.Locales); l != "" {
			return l
		}
	}
	return i18n.Chinese
}

// keepLocale keeps a ?lang= of the address in the cookie, so that the next
// pages are in that language too.
func keepLocale(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query().Get("lang"); q != "" {
		if l := i18n.Match(q, i18n.Locales); l != "" {
			setLocaleCookie(w, r, l)
		}
	}
}

// t translates s into the request's language (for text made in handlers).
func (u *UI) t(r *http.Request, s string) string {
	return u.cat.T(u.locale(r), s)
}

// setLocaleCookie remembers locale in the browser for a year.
func setLocaleCookie(w http.ResponseWriter, r *http.Request, locale string) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: locale, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// langSwitch answers GET /lang/:locale: it keeps the choice in a cookie and goes back
// to the page the visitor was on. A logged-in member's choice is also kept as
// its setting (its next logins, its emails).
func (u *UI) langSwitch(w http.ResponseWriter, req bunrouter.Request) error {
	locale := i18n.Match(req.Param("locale"), i18n.Locales)
	if locale == "" {
		return u.NotFound(w, req)
	}
	setLocaleCookie(w, req.Request, locale)
	u.saveMemberLocale(req, locale)
	http.Redirect(w, req.Request, safeNext(req.URL.Query().Get("next"), "/"), http.StatusSeeOther)
	return nil
}

// saveMemberLocale keeps a logged-in member's choice of language as its
// setting; the switch works for the browser even when it cannot be kept.
func (u *UI) saveMemberLocale(req bunrouter.Request, locale string) {
	s, ok := u.optionalSession(req)
	if !ok || !s.Principal.IsMember() || u.app.Commands.SetMemberLocale == nil {
		return
	}
	err := u.app.Commands.SetMemberLocale.Handle(req.Context(),
		command.SetMemberLocale{Principal: s.Principal, Locale: locale})
	if err != nil {
		u.log.WarnContext(req.Context(), "member language not saved", "member", s.Principal.ID, "err", err)
	}
}

// memberLocaleCookie puts a member's stored language in the lang cookie at
// login (none stored: the browser's choice stays).
func (u *UI) memberLocaleCookie(w http.ResponseWriter, req bunrouter.Request, memberID string) {
	if u.app.Queries.MemberLocale == nil {
		return
	}
	l, err := u.app.Queries.MemberLocale.Handle(req.Context(), memberID)
	if err != nil {
		u.log.WarnContext(req.Context(), "member language not read", "member", memberID, "err", err)
		return
	}
	if l != "" {
		setLocaleCookie(w, req.Request, l)
	}
}
