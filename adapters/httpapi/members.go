package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/i18n"
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

// registerMember is POST /members: creates an enterprise or individual account
// whose email address is then to be verified. The answer is the same whether
// or not the address was registered already (the core mails its owner then),
// so that it reveals no account: 202, no body, no identity.
func (a *API) registerMember(w http.ResponseWriter, req bunrouter.Request) error {
	var in registerRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	_, err := a.app.Commands.RegisterMember.Handle(req.Context(), command.RegisterMember{
		Kind: in.Kind, Email: in.Email, Name: in.Name, Password: in.Password,
		PasswordConfirm: in.PasswordConfirm, CaptchaToken: in.CaptchaToken,
		Locale: i18n.FromContext(req.Context()),
	})
	if err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}

// verifyEmailRequest is the token of a verification link (schema
// EmailVerificationConfirm).
type verifyEmailRequest struct {
	Token string `json:"token"`
}

// verifyEmail is POST /email-verifications/confirm: uses up the link's token
// and marks the member's address verified.
func (a *API) verifyEmail(w http.ResponseWriter, req bunrouter.Request) error {
	var in verifyEmailRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if _, err := a.app.Commands.VerifyEmail.Handle(req.Context(), command.VerifyEmail{Token: in.Token}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}

// resendEmailVerification is POST /me/email-verification: a new verification
// link goes to the logged-in member's address.
func (a *API) resendEmailVerification(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	err = a.app.Commands.ResendVerification.Handle(req.Context(), command.ResendEmailVerification{Principal: s.Principal})
	if err != nil {
		return err
	}
	return noContent(w, http.StatusAccepted)
}
