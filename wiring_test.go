package membership_test

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/webui"
)

// The web UI mounts the embedded sandbox where the sandbox gateway sends the
// browser.
func TestSandboxPathMatchesTheAdapter(t *testing.T) {
	t.Parallel()
	assert.Equal(t, alipaysim.SandboxPath, webui.PaymentSandboxPath)
}

// A module whose online payments go to the embedded sandbox (opted into) says
// so at start, as a warning; one without online payment — the default, or
// disabled — says nothing of a sandbox.
func TestSandboxGatewayIsAnnouncedAtStart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		alipay membership.AlipayConfig
		warned bool
	}{
		{"embedded sandbox opted into", membership.AlipayConfig{Sandbox: true}, true},
		{"by default", membership.AlipayConfig{}, false},
		{"online payment disabled", membership.AlipayConfig{Sandbox: true, Disabled: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
			m, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test",
				Alipay: tc.alipay}, membership.WithLogger(logger))
			require.NoError(t, err)
			t.Cleanup(func() { _ = m.Close() })
			if !tc.warned {
				assert.NotContains(t, logs.String(), "sandbox")
				return
			}
			assert.Contains(t, logs.String(), "level=WARN")
			assert.Contains(t, logs.String(), "online payments go to the embedded Alipay sandbox and move NO real money")
			assert.Contains(t, logs.String(), "gateway=http://member.test/sandbox/alipay/gateway.do")
		})
	}
}
