package apperr_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
)

func TestValidationKeepsFirstProblemPerField(t *testing.T) {
	t.Parallel()
	var v apperr.Validation
	require.NoError(t, v.Err())
	v.Add("email", "required", "请输入注册邮箱")
	v.Add("email", "email_invalid", "x")
	v.Add("password", "password_weak", "y")
	assert.True(t, v.Has("email"))
	assert.False(t, v.Has("name"))
	e := apperr.As(v.Err())
	assert.Equal(t, apperr.KindInvalid, e.Kind)
	require.Len(t, e.Fields, 2)
	assert.Equal(t, "required", e.Fields[0].Code)
}

func TestKindsSurviveWrapping(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("ctx: %w", apperr.Throttled("login_throttled", "稍后再试", time.Minute))
	assert.True(t, apperr.IsKind(err, apperr.KindThrottled))
	assert.Equal(t, time.Minute, apperr.As(err).RetryAfter)
	plain := errors.New("disk on fire")
	assert.Equal(t, apperr.KindInternal, apperr.As(plain).Kind)
	assert.ErrorIs(t, apperr.As(plain), plain)
	slugs := map[apperr.Kind]string{apperr.KindInvalid: "invalid", apperr.KindNotFound: "not_found",
		apperr.KindForbidden: "forbidden", apperr.KindUnauthorized: "unauthorized", apperr.KindConflict: "conflict",
		apperr.KindThrottled: "throttled", apperr.KindInternal: "internal"}
	for k, s := range slugs {
		assert.Equal(t, s, k.String())
	}
}
