package webui

import (
	"encoding/json"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
)

// captchaAnswer is the JSON a browser sends after the drag.
type captchaAnswer struct {
	ID         string `json:"id"`
	X          int    `json:"x"`
	DurationMS int64  `json:"duration_ms"`
}

// captchaPass is the JSON of a passed check: the single-use token for the form.
type captchaPass struct {
	Token string `json:"token"`
}

// maxCaptchaBody bounds the answer's JSON.
const maxCaptchaBody = 4 << 10

// captchaVerify checks a slider answer (POST /captcha/verify).
func (u *UI) captchaVerify(w http.ResponseWriter, req bunrouter.Request) error {
	var a captchaAnswer
	dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, maxCaptchaBody))
	if err := dec.Decode(&a); err != nil {
		return u.writeJSONError(w, req, apperr.New(apperr.KindInvalid, "bad_request", "请求格式错误"))
	}
	token, err := u.app.Captcha.Verify(req.Context(), a.ID,
		captcha.Answer{X: a.X, Duration: command.DragDuration(a.DurationMS)})
	if err != nil {
		return u.writeJSONError(w, req, err)
	}
	return writeJSON(w, http.StatusOK, captchaPass{Token: token})
}
