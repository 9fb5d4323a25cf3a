package webui_test

import (
	"net/http"
	"net/http/httptest"
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
