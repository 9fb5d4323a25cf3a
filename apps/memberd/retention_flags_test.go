package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The clean-up's schedule and retentions come from flags, else the environment,
// else the defaults the README documents.
func TestRetentionFlags(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	r := s.cfg.Retention
	assert.Equal(t, 10*time.Minute, s.cfg.CleanupEvery)
	assert.Equal(t, []time.Duration{time.Hour, 7 * 24 * time.Hour, 24 * time.Hour, 30 * 24 * time.Hour},
		[]time.Duration{r.SentEvents, r.SentMail, r.LoginAttempts, r.HandledEvents})

	t.Setenv("MEMBERD_RETAIN_SENT_MAIL", "48h")
	t.Setenv("MEMBERD_CLEANUP_EVERY", "1m")
	s, err = parseSettings([]string{"-retain-sent-events", "5m", "-retain-login-attempts", "2h",
		"-retain-handled-events", "240h"})
	require.NoError(t, err)
	r = s.cfg.Retention
	assert.Equal(t, time.Minute, s.cfg.CleanupEvery)
	assert.Equal(t, []time.Duration{5 * time.Minute, 48 * time.Hour, 2 * time.Hour, 240 * time.Hour},
		[]time.Duration{r.SentEvents, r.SentMail, r.LoginAttempts, r.HandledEvents})
}
