package httpapi

import (
	"fmt"
	"net/http"

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
	return s, token, nil
}

// authorize asks the policy whether the principal's role may take the action on
// the object; a refusal is Forbidden.
func (a *API) authorize(p access.Principal, object, action string) error {
	if a.app.Authorizer == nil {
		return apperr.Internal(fmt.Errorf("httpapi: application has no authorizer"))
	}
	ok, err := a.app.Authorizer.Allowed(p.Role, object, action)
	if err != nil {
		return apperr.Internal(fmt.Errorf("authorize %s %s/%s: %w", p.Role, object, action, err))
	}
	if !ok {
		return apperr.Forbidden("forbidden", "您没有权限进行此操作")
	}
	return nil
}
