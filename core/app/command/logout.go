package command

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// Logout ends a session.
type Logout struct{ TokenHash string }

// LogoutHandler ends sessions.
type LogoutHandler struct{ sessions ports.SessionStore }

// NewLogoutHandler builds the handler.
func NewLogoutHandler(sessions ports.SessionStore) *LogoutHandler {
	return &LogoutHandler{sessions: sessions}
}

// Handle deletes the session; logging out twice is fine.
func (h *LogoutHandler) Handle(ctx context.Context, cmd Logout) error {
	if err := h.sessions.Delete(ctx, cmd.TokenHash); err != nil {
		return apperr.Internal(err)
	}
	return nil
}
