package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The embedded Alipay sandbox is off unless asked for, by flag or environment.
func TestAlipaySandboxIsOptIn(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.False(t, s.cfg.Alipay.Sandbox, "off by default")
	s, err = parseSettings([]string{"-alipay-sandbox"})
	require.NoError(t, err)
	assert.True(t, s.cfg.Alipay.Sandbox)
	t.Setenv("MEMBERD_ALIPAY_SANDBOX", "true")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.True(t, s.cfg.Alipay.Sandbox)
}
