package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/membershiptest"
)

func TestCaptchaIssue(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	r := a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": "login"}})
	require.Equal(t, http.StatusCreated, r.Status)
	o := r.object()
	assert.NotEmpty(t, o["id"])
	assert.EqualValues(t, 300, o["width"])
	assert.EqualValues(t, 150, o["height"])
	assert.EqualValues(t, 44, o["piece_size"])
	assert.Contains(t, o, "target_x", "the harness runs in captcha test mode")
	for _, k := range []string{"background", "piece"} {
		b64, ok := strings.CutPrefix(o[k].(string), "data:image/png;base64,")
		require.True(t, ok, k)
		png, err := base64.StdEncoding.DecodeString(b64)
		require.NoError(t, err, k)
		assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "%s is a PNG", k)
	}
}

func TestCaptchaVerify(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	issue := func() (string, int) {
		r := a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": "login"}})
		require.Equal(t, http.StatusCreated, r.Status)
		return r.str("id"), int(r.object()["target_x"].(float64))
	}
	verify := func(id string, x, ms int) reply {
		return a.do(call{Method: http.MethodPost, Path: "/captcha/verify",
			Body: map[string]any{"id": id, "x": x, "duration_ms": ms}})
	}

	// The claimed drag must have taken place on the server's clock too: an
	// answer sent the instant the challenge arrived is refused, whatever it claims.
	id, x := issue()
	r := verify(id, x, 800)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "captcha_failed", r.code(), "answered the instant it was issued")
	e, _ := r.object()["error"].(map[string]any)
	assert.Equal(t, "验证失败，请重新拖动滑块", e["message"])

	drag := int(membershiptest.DragTime.Milliseconds())
	id, x = issue()
	a.env.AwaitDrag(membershiptest.DragTime)
	r = verify(id, x+3, drag)
	require.Equal(t, http.StatusOK, r.Status, "within the tolerance: %s", r.Body)
	assert.NotEmpty(t, r.str("token"))

	r = verify(id, x, drag)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "captcha_expired", r.code(), "a challenge is answered once")

	id, x = issue()
	a.env.AwaitDrag(membershiptest.DragTime)
	r = verify(id, x+40, drag)
	assert.Equal(t, "captcha_failed", r.code(), "wrong position")
	r = verify(id, x, drag)
	assert.Equal(t, "captcha_expired", r.code(), "a failed challenge is used up too")

	id, x = issue()
	r = verify(id, x, 50)
	assert.Equal(t, "captcha_failed", r.code(), "too fast for a person")

	r = verify("no-such-challenge", 100, 800)
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "captcha_expired", r.code())
}

// A challenge is issued for one form and its pass is accepted by that form
// only; an unknown form is refused, and one address may ask for so many
// challenges in the window (429 with Retry-After).
func TestCaptchaPurposeAndLimit(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	a.register("individual", "ind@example.com", "张三")
	r := a.do(call{Method: http.MethodPost, Path: "/sessions", Body: map[string]any{"login": "张三",
		"password": goodPassword, "captcha_token": a.captcha("register")}})
	assert.Equal(t, "captcha_required", r.fields()["captcha"], "a registration pass does not log in: %s", r.Body)
	r = a.do(call{Method: http.MethodPost, Path: "/sessions", Body: map[string]any{"login": "张三",
		"password": goodPassword, "captcha_token": a.captcha("login")}})
	assert.Equal(t, http.StatusCreated, r.Status, string(r.Body))

	r = a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": "admin"}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Equal(t, "purpose_invalid", r.fields()["purpose"])
	r = a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{}})
	assert.Equal(t, "purpose_invalid", r.fields()["purpose"])

	for range auth.ChallengeThrottle.MaxFailures {
		r = a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": "login"},
			Addr: "203.0.113.77:1000"})
		require.Equal(t, http.StatusCreated, r.Status)
	}
	r = a.do(call{Method: http.MethodPost, Path: "/captcha", Body: map[string]any{"purpose": "login"},
		Addr: "203.0.113.77:1000"})
	assert.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, "captcha_throttled", r.code())
}
