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
		"-renewal-sweep-every", "15m", "-mail-retry-max", "90s", "-bank-fee-tolerance", "20.50"})
	require.NoError(t, err)
	assert.Equal(t, int64(600000), s.cfg.Fees.Ordinary)
	assert.Equal(t, int64(1000000), s.cfg.Fees.Council)
	assert.Equal(t, int64(48050), s.cfg.Fees.Individual)
	assert.Equal(t, "某协会", s.cfg.Payee.Name)
	assert.Contains(t, s.cfg.Alipay.PrivateKeyPEM, "BEGIN PRIVATE KEY")
	assert.Equal(t, []int{60, 14, 3}, s.cfg.Renewal.ReminderDays)
	assert.Equal(t, -1, s.cfg.Renewal.GraceDays)
	assert.Equal(t, 15*time.Minute, s.cfg.Renewal.SweepEvery)
	assert.Equal(t, 90*time.Second, s.cfg.Mail.Queue.RetryMax)
	assert.Equal(t, int64(2050), s.cfg.Money.BankFeeToleranceFen)
	exact, err := parseSettings([]string{"-bank-fee-tolerance", "0"})
	require.NoError(t, err)
	assert.Equal(t, int64(-1), exact.cfg.Money.BankFeeToleranceFen, "0: the exact fee")
	for _, bad := range [][]string{{"-fee-council", "1.234"}, {"-fee-council", "0"}, {"-fee-council", "abc"}, {"-bank-fee-tolerance", "-5"},
		{"-renewal-reminders", "0"}, {"-alipay-public-key-file", filepath.Join(dir, "missing.pem")}} {
		_, err := parseSettings(bad)
		assert.Error(t, err, bad)
	}
}

func TestTypedEnvironmentValues(t *testing.T) {
	t.Setenv("MEMBERD_SMTP_PORT", "2525")
	t.Setenv("MEMBERD_RENEWAL_SWEEP_EVERY", "10m")
	t.Setenv("MEMBERD_TRUST_PROXY", "true")
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, 2525, s.cfg.Mail.SMTP.Port)
	assert.Equal(t, 10*time.Minute, s.cfg.Renewal.SweepEvery)
	assert.True(t, s.cfg.TrustProxy)

	// A mistyped value stops the start and names the variable, instead of
	// quietly running on the default.
	for name, value := range map[string]string{"MEMBERD_SMTP_PORT": "25x", "MEMBERD_RENEWAL_SWEEP_EVERY": "hourly",
		"MEMBERD_TRUST_PROXY": "yes please", "MEMBERD_RENEWAL_GRACE_DAYS": "thirty"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, value)
			_, err := parseSettings(nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), name)
		})
	}
}

func TestFilesFlag(t *testing.T) {
	s, err := parseSettings([]string{"-files", "s3://scans?endpoint=127.0.0.1:8333&secure=false"})
	require.NoError(t, err)
	assert.Equal(t, "s3://scans?endpoint=127.0.0.1:8333&secure=false", s.cfg.Files)
	t.Setenv("MEMBERD_FILES", "/srv/files")
	s, err = parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, "/srv/files", s.cfg.Files)
}

func TestAlipayQueryFlags(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.Equal(t, 15*time.Minute, s.cfg.Alipay.QueryAfter)
	assert.Equal(t, 5*time.Minute, s.cfg.Alipay.QueryEvery)
	s, err = parseSettings([]string{"-alipay-query-after", "1h", "-alipay-query-every", "-1s"})
	require.NoError(t, err)
	assert.Equal(t, time.Hour, s.cfg.Alipay.QueryAfter)
	assert.Negative(t, s.cfg.Alipay.QueryEvery)
}

func TestExportSettings(t *testing.T) {
	s, err := parseSettings([]string{"-export-background-above", "200", "-export-keep", "2h"})
	require.NoError(t, err)
	assert.Equal(t, 200, s.cfg.Exports.BackgroundAbove)
	assert.Equal(t, 2*time.Hour, s.cfg.Exports.Keep)
}
