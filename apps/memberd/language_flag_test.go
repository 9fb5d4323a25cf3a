package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pages follow Accept-Language only with -accept-language (or its
// environment variable).
func TestAcceptLanguageFlag(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.False(t, s.cfg.AcceptLanguage, "off by default")
	s, err = parseSettings([]string{"-accept-language"})
	require.NoError(t, err)
	assert.True(t, s.cfg.AcceptLanguage)
	t.Setenv("MEMBERD_ACCEPT_LANGUAGE", "true")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.True(t, s.cfg.AcceptLanguage)
}
