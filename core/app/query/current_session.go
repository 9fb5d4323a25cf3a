package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/ports"
)

// CurrentSessionHandler resolves a session cookie to a session.
type CurrentSessionHandler struct {
	sessions ports.SessionStore
	clock    ports.Clock
}

// NewCurrentSessionHandler builds the handler.
func NewCurrentSessionHandler(sessions ports.SessionStore, clock ports.Clock) *CurrentSessionHandler {
	return &CurrentSessionHandler{sessions: sessions, clock: clock}
}

// Handle returns the live session of a raw token; a missing or expired session is
// an Unauthorized error.
func (h *CurrentSessionHandler) Handle(ctx context.Context, token string) (auth.Session, error) {
	if token == "" || len(token) > 128 {
		return auth.Session{}, apperr.Unauthorized("login_required", "请先登录")
	}
	s, err := h.sessions.Get(ctx, auth.HashToken(token), h.clock.Now())
	if apperr.IsKind(err, apperr.KindNotFound) {
		return auth.Session{}, apperr.Unauthorized("session_expired", "登录已过期，请重新登录")
	}
	if err != nil {
		return auth.Session{}, apperr.Internal(err)
	}
	return s, nil
}
