package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeeFlags(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "app.pem")
	require.NoError(t, os.WriteFile(key, []byte("-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n"), 0o600))
	s, err := parseSettings([]string{"-fee-ordinary", "6000", "-fee-individual", "480.50", "-payee-name", "某协会",
		"-alipay-private-key-file", key, "-renewal-reminders", "60, 14,3", "-renewal-grace-days", "-1",
		"-renewal-sweep-every", "15m"})
	require.NoError(t, err)
	assert.Equal(t, int64(600000), s.cfg.Fees.Ordinary)
	assert.Equal(t, int64(1000000), s.cfg.Fees.Council)
	assert.Equal(t, int64(48050), s.cfg.Fees.Individual)
	assert.Equal(t, "某协会", s.cfg.Payee.Name)
	assert.Contains(t, s.cfg.Alipay.PrivateKeyPEM, "BEGIN PRIVATE KEY")
	assert.Equal(t, []int{60, 14, 3}, s.cfg.Renewal.ReminderDays)
	assert.Equal(t, -1, s.cfg.Renewal.GraceDays)
	assert.Equal(t, 15*time.Minute, s.cfg.Renewal.SweepEvery)
	for _, bad := range [][]string{{"-fee-council", "1.234"}, {"-fee-council", "0"}, {"-fee-council", "abc"},
		{"-renewal-reminders", "0"}, {"-alipay-public-key-file", filepath.Join(dir, "missing.pem")}} {
		_, err := parseSettings(bad)
		assert.Error(t, err, bad)
	}
}
