package webui

import (
	"encoding/base64"
	"net/http"

	"github.com/uptrace/bunrouter"
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

// captchaNew issues a slider challenge (POST /captcha/new).
func (u *UI) captchaNew(w http.ResponseWriter, req bunrouter.Request) error {
	ch, err := u.app.Captcha.Issue(req.Context())
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
