package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/captcha"
)

// A challenge carries its pictures and geometry; only test mode reveals where
// the piece goes, and every challenge is a new one.
func TestIssueCaptcha(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ch, err := e.captcha.Issue(e.ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, ch.ID)
	assert.Equal(t, []byte("background"), ch.Background)
	assert.Equal(t, []byte("piece"), ch.Piece)
	assert.Equal(t, [3]int{captcha.Width, captcha.Height, captcha.PieceSize}, [3]int{ch.Width, ch.Height, ch.PieceSize})
	require.NotNil(t, ch.TargetX, "test mode reveals the target")
	assert.True(t, *ch.TargetX > captcha.PieceSize && *ch.TargetX < captcha.Width-captcha.PieceSize, "%d", *ch.TargetX)

	other, err := e.captcha.Issue(e.ctx)
	require.NoError(t, err)
	assert.NotEqual(t, ch.ID, other.ID)

	production := command.NewCaptcha(e.store.Tokens(), apptest.Imager{}, e.clock, false)
	hidden, err := production.Issue(e.ctx)
	require.NoError(t, err)
	assert.Nil(t, hidden.TargetX, "outside test mode the target stays on the server")
}
