package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Accept-Language is honoured unless -ignore-accept-language (or its
// environment variable) says otherwise.
func TestIgnoreAcceptLanguageFlag(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.False(t, s.cfg.IgnoreAcceptLanguage, "off by default")
	s, err = parseSettings([]string{"-ignore-accept-language"})
	require.NoError(t, err)
	assert.True(t, s.cfg.IgnoreAcceptLanguage)
	t.Setenv("MEMBERD_IGNORE_ACCEPT_LANGUAGE", "true")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.True(t, s.cfg.IgnoreAcceptLanguage)
}
