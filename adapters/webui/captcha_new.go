package webui

import (
	"encoding/base64"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
)

// captchaChallenge is the JSON of a new slider challenge.
type captchaChallenge struct {
	ID         string `json:"id"`
	Background string `json:"background"` // data:image/png;base64,…
	Piece      string `json:"piece"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
	PieceSize  int    `json:"piece_size"`
	TargetX    *int   `json:"target_x,omitempty"` // captcha test mode only
}

// captchaNew issues a slider challenge (POST /captcha/new?purpose=FORM) for the
// form the page's widget names; challenges are limited per client address.
func (u *UI) captchaNew(w http.ResponseWriter, req bunrouter.Request) error {
	ch, err := u.app.Captcha.Issue(req.Context(), command.IssueCaptcha{
		Purpose:    captcha.Purpose(req.URL.Query().Get("purpose")),
		RemoteAddr: httpmw.ClientIP(req.Request),
	})
	if err != nil {
		return u.writeJSONError(w, req, err)
	}
	return writeJSON(w, http.StatusOK, captchaChallenge{
		ID:         ch.ID,
		Background: pngDataURL(ch.Background),
		Piece:      pngDataURL(ch.Piece),
		Width:      ch.Width, Height: ch.Height, PieceSize: ch.PieceSize,
		TargetX: ch.TargetX,
	})
}

// pngDataURL embeds a PNG in a data: URL.
func pngDataURL(b []byte) string {
	const prefix = "data:image/png;base64,"
	out := make([]byte, len(prefix)+base64.StdEncoding.EncodedLen(len(b)))
	copy(out, prefix)
	base64.StdEncoding.Encode(out[len(prefix):], b)
	return string(out)
}

// sliderView is what the slider partial renders: the page (its form's errors,
// the site's test mode) and the form the check guards, whose challenges the
// widget asks for.
type sliderView struct {
	*page
	Purpose string
}

// newSlider is the template function slider: (slider . "login").
func newSlider(p *page, purpose string) sliderView { return sliderView{page: p, Purpose: purpose} }
