package webui_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkMemberHome renders 会员首页 for a logged-in member through the router:
// session lookup, policy check, dashboard query and template.
func BenchmarkMemberHome(b *testing.B) {
	f := setup(b)
	f.registerMember(b, "enterprise", "基准测试公司", "bench@example.com")
	br := f.browser(b)
	res := br.login("基准测试公司", goodPass, false)
	if res.Status != http.StatusSeeOther {
		b.Fatalf("login: %d", res.Status)
	}
	session := res.cookie(cookieName)
	csrf := br.csrf()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, siteURL+"/member", nil)
		req.AddCookie(session)
		req.AddCookie(&http.Cookie{Name: "csrf", Value: csrf})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// loggedInMember registers an enterprise, logs it in through the form and
// returns the session and CSRF cookies.
func loggedInMember(b *testing.B, f *fixture, name, email string) (*http.Cookie, string) {
	f.registerMember(b, "enterprise", name, email)
	br := f.browser(b)
	res := br.login(name, goodPass, false)
	if res.Status != http.StatusSeeOther {
		b.Fatalf("login: %d", res.Status)
	}
	return res.cookie(cookieName), br.csrf()
}

// BenchmarkApplicationFormPage renders step ② (the enterprise application form
// with its selects) for a logged-in member with a saved draft: session lookup,
// policy, dashboard, application query and template.
func BenchmarkApplicationFormPage(b *testing.B) {
	f := setup(b)
	session, csrf := loggedInMember(b, f, "表单基准公司", "bench-form@example.com")
	saveDraft(b, f, session, csrf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, siteURL+"/member/application/form", nil)
		req.AddCookie(session)
		req.AddCookie(&http.Cookie{Name: "csrf", Value: csrf})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkApplicationSave posts 保存草稿 with the complete enterprise form:
// CSRF, session, validation and one transaction storing the draft.
func BenchmarkApplicationSave(b *testing.B) {
	f := setup(b)
	session, csrf := loggedInMember(b, f, "保存基准公司", "bench-save@example.com")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		saveDraft(b, f, session, csrf)
	}
}

// saveDraft posts the complete enterprise form with 保存草稿 and expects the
// redirect.
func saveDraft(b *testing.B, f *fixture, session *http.Cookie, csrf string) {
	body := with(enterpriseValues("基准公司"), "action", "save", "csrf_token", csrf).Encode()
	req := httptest.NewRequest(http.MethodPost, siteURL+"/member/application/form", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(session)
	req.AddCookie(&http.Cookie{Name: "csrf", Value: csrf})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
}
