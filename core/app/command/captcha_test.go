package command_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
)

// A pass token guards one form: it is spent by the first use, and one that
// was never issued, is too long or has expired is refused on "captcha".
func TestConsumeCaptchaPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pass := e.pass()
	require.NoError(t, e.captcha.Consume(e.ctx, pass))
	wantErr(t, e.captcha.Consume(e.ctx, pass), apperr.KindInvalid, "captcha_required")

	for _, bad := range []string{"", "never-issued", string(make([]byte, 129))} {
		wantErr(t, e.captcha.Consume(e.ctx, bad), apperr.KindInvalid, "captcha_required")
	}

	late := e.pass()
	e.clock.Advance(captcha.PassLife)
	wantErr(t, e.captcha.Consume(e.ctx, late), apperr.KindInvalid, "captcha_required")
}
