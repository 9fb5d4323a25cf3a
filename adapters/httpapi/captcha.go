package httpapi

import (
	"encoding/base64"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
)

// challengeResponse is a slider challenge (schema CaptchaChallenge).
type challengeResponse struct {
	ID         string `json:"id"`
	Background string `json:"background"`
	Piece      string `json:"piece"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	PieceSize  int    `json:"piece_size"`
	// TargetX is the answer, present only when the app runs in captcha test mode.
	TargetX *int `json:"target_x,omitempty"`
}

// pngDataURL embeds a PNG in a data URL the browser can show directly.
func pngDataURL(b []byte) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b)
}

// issueCaptchaRequest names the form the challenge's pass will guard (schema
// CaptchaRequest).
type issueCaptchaRequest struct {
	Purpose string `json:"purpose"`
}

// issueCaptcha is POST /captcha: a new one-time slider challenge for one form,
// limited per client address.
func (a *API) issueCaptcha(w http.ResponseWriter, req bunrouter.Request) error {
	var in issueCaptchaRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	ch, err := a.app.Captcha.Issue(req.Context(), command.IssueCaptcha{Purpose: captcha.Purpose(in.Purpose),
		RemoteAddr: httpmw.ClientIP(req.Request)})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, challengeResponse{
		ID: ch.ID, Background: pngDataURL(ch.Background), Piece: pngDataURL(ch.Piece),
		Width: ch.Width, Height: ch.Height, PieceSize: ch.PieceSize, TargetX: ch.TargetX,
	})
}

// verifyCaptchaRequest is the answer to a challenge (schema CaptchaAnswer).
type verifyCaptchaRequest struct {
	ID         string `json:"id"`
	X          int    `json:"x"`
	DurationMS int64  `json:"duration_ms"`
}

// captchaPass is the single-use pass token a guarded form carries.
type captchaPass struct {
	Token string `json:"token"`
}

// verifyCaptcha is POST /captcha/verify: checks the answer and hands out a pass
// token for one form (captcha_token).
func (a *API) verifyCaptcha(w http.ResponseWriter, req bunrouter.Request) error {
	var in verifyCaptchaRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	token, err := a.app.Captcha.Verify(req.Context(), in.ID,
		captcha.Answer{X: in.X, Duration: command.DragDuration(in.DurationMS)})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, captchaPass{Token: token})
}
