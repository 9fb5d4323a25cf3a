package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

func TestCaptchaIssue(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	r := a.do(call{Method: http.MethodPost, Path: "/captcha"})
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
		r := a.do(call{Method: http.MethodPost, Path: "/captcha"})
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
