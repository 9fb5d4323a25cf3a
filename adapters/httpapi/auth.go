package httpapi

import (
	"fmt"
	"net/http"

	"github.com/openassoc/membership/adapters/httpmw"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/auth"
)

// session resolves the bearer token of the request to its live session and
// returns it with the raw token. No token, or an ended one, is Unauthorized.
func (a *API) session(r *http.Request) (auth.Session, string, error) {
	token, err := bearerToken(r)
	if err != nil {
		return auth.Session{}, "", err
	}
	s, err := a.app.Queries.CurrentSession.Handle(r.Context(), token)
	if err != nil {
		return auth.Session{}, "", err
	}
	s.Principal.Address = httpmw.ClientIP(r)
	return s, token, nil
}

// authorize asks the core whether the principal may take the action (the one
// of the use case the endpoint runs); a refusal is Forbidden, a policy that
// cannot answer Internal.
func (a *API) authorize(p access.Principal, action access.Action) error {
	ok, err := a.app.Can(p, action)
	if err != nil {
		return fmt.Errorf("httpapi: authorize %s: %w", action, err)
	}
	if !ok {
		return apperr.Forbidden("forbidden", "您没有权限进行此操作")
	}
	return nil
}
