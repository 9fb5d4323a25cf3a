package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMetricsAddrIsOffByDefault(t *testing.T) {
	s, err := parseSettings(nil)
	require.NoError(t, err)
	assert.Empty(t, s.metricsAddr, "metrics are not served unless asked for")
	s, err = parseSettings([]string{"-metrics-addr", "127.0.0.1:9090"})
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9090", s.metricsAddr)
}

func TestServeMetricsOnItsOwnAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "metric 1\n") })
	stop, err := serveMetrics(slog.New(slog.DiscardHandler), addr, h)
	require.NoError(t, err)
	defer stop()
	resp, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	assert.Equal(t, "metric 1\n", string(b))
	resp, err = http.Get("http://" + addr + "/login")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "only /metrics")

	none, err := serveMetrics(slog.New(slog.DiscardHandler), "", h)
	require.NoError(t, err)
	none()
}
