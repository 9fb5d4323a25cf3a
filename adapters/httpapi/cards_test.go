package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// activeToken is an active member (the secretariat approved) and its token.
func (a *testAPI) activeToken(kind, email, name string) string {
	a.t.Helper()
	a.env.ActiveMember(a.t, kind, name, email)
	r := a.login(name, "abc123", "")
	require.Equal(a.t, http.StatusCreated, r.Status, string(r.Body))
	return r.str("token")
}

// 我的会员卡 through the API: the card, its files, the public check of its
// link (valid, then after the validity 已过期), forged and re-issued links 404
// card_invalid, an enterprise's certificate, no card before approval.
func TestCardThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	tok := a.activeToken("individual", "api-card@example.com", "接口卡片")
	r := a.do(call{Method: http.MethodGet, Path: "/me/card", Token: tok})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	card := r.object()
	assert.Equal(t, "接口卡片", card["name"])
	assert.Equal(t, true, card["valid"])
	assert.Equal(t, false, card["certificate"])
	link := card["verify_url"].(string)
	_, token, ok := strings.Cut(link, "/members/verify/")
	require.True(t, ok, link)

	v := a.do(call{Method: http.MethodGet, Path: "/public/card-verifications/" + token})
	require.Equal(t, http.StatusOK, v.Status, string(v.Body))
	assert.Equal(t, true, v.object()["valid"])
	assert.NotContains(t, string(v.Body), "api-card@example.com")
	for _, bad := range []string{token + "A", "GR190037", strings.Replace(token, ".1.", ".7.", 1)} {
		f := a.do(call{Method: http.MethodGet, Path: "/public/card-verifications/" + bad})
		assert.Equal(t, http.StatusNotFound, f.Status, bad)
		assert.Equal(t, "card_invalid", f.code(), bad)
	}

	for format, ct := range map[string]string{"png": "image/png", "pdf": "application/pdf", "a4": "application/pdf"} {
		f := a.do(call{Method: http.MethodGet, Path: "/me/card/file?format=" + format, Token: tok})
		require.Equal(t, http.StatusOK, f.Status, format)
		assert.Equal(t, ct, f.Header.Get("Content-Type"), format)
	}
	f := a.do(call{Method: http.MethodGet, Path: "/me/card/file?format=svg", Token: tok})
	assert.Equal(t, http.StatusUnprocessableEntity, f.Status)
	assert.Contains(t, f.fields(), "format")

	re := a.do(call{Method: http.MethodPost, Path: "/me/card/reissue", Token: tok})
	require.Equal(t, http.StatusOK, re.Status, string(re.Body))
	assert.EqualValues(t, 2, re.object()["version"])
	assert.Equal(t, "card_invalid", a.do(call{Method: http.MethodGet, Path: "/public/card-verifications/" + token}).code())
	_, fresh, _ := strings.Cut(re.str("verify_url"), "/members/verify/")

	a.env.Clock.Advance(400 * 24 * time.Hour)
	v = a.do(call{Method: http.MethodGet, Path: "/public/card-verifications/" + fresh})
	require.Equal(t, http.StatusOK, v.Status)
	assert.Equal(t, false, v.object()["valid"])
	assert.Equal(t, "已过期", v.object()["member"].(map[string]any)["status_label"])
}

func TestCertificateThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	tok := a.activeToken("enterprise", "api-cert@example.com", "接口证书公司")
	r := a.do(call{Method: http.MethodGet, Path: "/me/card", Token: tok})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, true, r.object()["certificate"])
	assert.Equal(t, "会员证书", r.object()["title"])

	_, pending := a.approvedToken("individual", "api-nocard@example.com", "未审批个人")
	n := a.do(call{Method: http.MethodGet, Path: "/me/card", Token: pending})
	assert.Equal(t, http.StatusNotFound, n.Status)
	assert.Equal(t, "card_not_found", n.code())
	staff := a.staffToken("card-staff", "reviewer")
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/me/card", Token: staff}).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/me/card"}).Status)
}
