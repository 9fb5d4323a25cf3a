package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// How long imported members' initial passwords work: 90 days, or the flag's,
// or the environment's.
func TestInitialCredentialFlag(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, 90*24*time.Hour, s.cfg.InitialCredentialFor)
	s, err = parseSettings([]string{"-initial-credential-for", "720h"})
	require.NoError(t, err)
	assert.Equal(t, 720*time.Hour, s.cfg.InitialCredentialFor)
	t.Setenv("MEMBERD_INITIAL_CREDENTIAL_FOR", "48h")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, 48*time.Hour, s.cfg.InitialCredentialFor)
}
