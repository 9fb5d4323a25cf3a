package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
)

// resetRequest is the 「忘记密码?」 form (schema PasswordResetRequest).
type resetRequest struct {
	Email        string `json:"email"`
	CaptchaToken string `json:"captcha_token"`
}

// requestPasswordReset is POST /password-resets: a single-use, expiring reset link
// goes to the registered email address.
func (a *API) requestPasswordReset(w http.ResponseWriter, req bunrouter.Request) error {
	var in resetRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.RequestPasswordReset.Handle(req.Context(), command.RequestPasswordReset{
		Email: in.Email, CaptchaToken: in.CaptchaToken,
	}); err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}

// resetConfirmRequest sets a new password with the link's token (schema
// PasswordResetConfirm).
type resetConfirmRequest struct {
	Token           string `json:"token"`
	Password        string `json:"password"`
	PasswordConfirm string `json:"password_confirm"`
}

// resetPassword is POST /password-resets/confirm: uses up the token, sets the
// password and ends every session of the member.
func (a *API) resetPassword(w http.ResponseWriter, req bunrouter.Request) error {
	var in resetConfirmRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.ResetPassword.Handle(req.Context(), command.ResetPassword{
		Token: in.Token, Password: in.Password, PasswordConfirm: in.PasswordConfirm,
		RemoteAddr: httpmw.ClientIP(req.Request),
	}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
