package usecases_test

import (
	"time"

	"github.com/openassoc/membership/core/domain/captcha"
)

func answer(x int) captcha.Answer { return captcha.Answer{X: x, Duration: 800 * time.Millisecond} }
