package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/auth"
)

// loginRequest is the member login form (schema MemberLogin).
type loginRequest struct {
	Login        string `json:"login"`
	Password     string `json:"password"`
	Remember     bool   `json:"remember"`
	CaptchaToken string `json:"captcha_token"`
}

// staffLoginRequest is the back-office login form (schema StaffLogin).
type staffLoginRequest struct {
	Username     string `json:"username"`
	Password     string `json:"password"`
	CaptchaToken string `json:"captcha_token"`
}

// sessionResponse is a started session (schema Session).
type sessionResponse struct {
	Token     string        `json:"token"`
	ExpiresAt string        `json:"expires_at"`
	Principal principalJSON `json:"principal"`
}

// principalJSON is who the session acts for (schema Principal).
type principalJSON struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Role string `json:"role"`
}

func newSessionResponse(res command.LoginResult) sessionResponse {
	p := res.Session.Principal
	return sessionResponse{Token: res.Token, ExpiresAt: timestamp(res.Session.ExpiresAt),
		Principal: principalJSON{Kind: string(p.Kind), ID: p.ID, Role: string(p.Role)}}
}

// login is POST /sessions: a member logs in by name or member number.
func (a *API) login(w http.ResponseWriter, req bunrouter.Request) error {
	var in loginRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	res, err := a.app.Commands.Login.Handle(req.Context(), command.Login{
		Login: in.Login, Password: in.Password, Remember: in.Remember,
		CaptchaToken: in.CaptchaToken, RemoteAddr: httpmw.ClientIP(req.Request),
	})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, newSessionResponse(res))
}

// staffLogin is POST /staff/sessions: a staff account logs in.
func (a *API) staffLogin(w http.ResponseWriter, req bunrouter.Request) error {
	var in staffLoginRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	res, err := a.app.Commands.StaffLogin.Handle(req.Context(), command.StaffLogin{
		Username: in.Username, Password: in.Password,
		CaptchaToken: in.CaptchaToken, RemoteAddr: httpmw.ClientIP(req.Request),
	})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, newSessionResponse(res))
}

// logout is DELETE /sessions/current: ends the session of the bearer token.
// Logging out with a token that already ended succeeds too.
func (a *API) logout(w http.ResponseWriter, req bunrouter.Request) error {
	token, err := bearerToken(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.Logout.Handle(req.Context(), command.Logout{TokenHash: auth.HashToken(token)}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}
