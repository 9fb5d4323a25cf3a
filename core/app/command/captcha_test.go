package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/captcha"
)

// A pass token guards one form: it is spent by the first use, and one that
// was never issued, is too long or has expired is refused on "captcha".
func TestConsumeCaptchaPass(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	pass := e.pass(captcha.PurposeLogin)
	require.NoError(t, e.captcha.Consume(e.ctx, captcha.PurposeLogin, pass))
	wantErr(t, e.captcha.Consume(e.ctx, captcha.PurposeLogin, pass), apperr.KindInvalid, "captcha_required")

	for _, bad := range []string{"", "never-issued", string(make([]byte, 129))} {
		wantErr(t, e.captcha.Consume(e.ctx, captcha.PurposeLogin, bad), apperr.KindInvalid, "captcha_required")
	}

	late := e.pass(captcha.PurposeLogin)
	e.clock.Advance(captcha.PassLife)
	wantErr(t, e.captcha.Consume(e.ctx, captcha.PurposeLogin, late), apperr.KindInvalid, "captcha_required")
}

// A pass guards the form it was earned for only: spent on another form it is
// refused (and used up).
func TestCaptchaPassIsBoundToItsForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	forms := []captcha.Purpose{captcha.PurposeRegister, captcha.PurposeLogin, captcha.PurposeStaffLogin,
		captcha.PurposeForgotPassword}
	for _, earned := range forms {
		for _, spent := range forms {
			err := e.captcha.Consume(e.ctx, spent, e.pass(earned))
			if earned == spent {
				assert.NoError(t, err, "%s on its own form", earned)
			} else {
				wantErr(t, err, apperr.KindInvalid, "captcha_required")
			}
		}
	}
}
