package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
)

// registerRequest is the 「立即注册」 form (schema Registration).
type registerRequest struct {
	Kind            string `json:"kind"`
	Email           string `json:"email"`
	Name            string `json:"name"`
	Password        string `json:"password"`
	PasswordConfirm string `json:"password_confirm"`
	CaptchaToken    string `json:"captcha_token"`
}

// created is the identity of a new resource.
type created struct {
	ID string `json:"id"`
}

// registerMember is POST /members: creates an enterprise or individual account.
func (a *API) registerMember(w http.ResponseWriter, req bunrouter.Request) error {
	var in registerRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id, err := a.app.Commands.RegisterMember.Handle(req.Context(), command.RegisterMember{
		Kind: in.Kind, Email: in.Email, Name: in.Name, Password: in.Password,
		PasswordConfirm: in.PasswordConfirm, CaptchaToken: in.CaptchaToken,
	})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, created{ID: id})
}
