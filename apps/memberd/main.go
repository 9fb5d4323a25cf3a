// Command memberd serves the membership web app and JSON API. With no flags it runs
// on the embedded default: an SQLite file and .eml mail in ./data, events relayed
// in-process, listening on 127.0.0.1:8080.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // the association's time zone even on hosts without tzdata

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/internal/buildinfo"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "memberd:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	s, err := parseSettings(args)
	if err != nil {
		return err
	}
	if s.version {
		fmt.Println("memberd", buildinfo.String())
		return nil
	}
	log := s.logger()
	if s.cfg.CaptchaTestMode {
		log.Warn("captcha test mode is ON: slider challenges reveal their answer; never use this in production")
	}
	m, err := membership.New(s.cfg, membership.WithLogger(log))
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           m.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
	}
	stopMetrics, err := serveMetrics(log, s.metricsAddr, m.MetricsHandler())
	if err != nil {
		return fmt.Errorf("-metrics-addr: %w", err)
	}
	defer stopMetrics()
	runErr := make(chan error, 1)
	go func() { runErr <- m.Run(ctx) }()
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	announce(log, s, ln.Addr().String(), m.DataDir())

	select {
	case <-ctx.Done():
	case err := <-srvErr:
		if !errors.Is(err, http.ErrServerClosed) {
			stop()
			return err
		}
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	stop()
	if err := <-runErr; err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// announce logs where memberd listens and, for a person reading text logs,
// what to do next.
func announce(log *slog.Logger, s settings, addr, dataDir string) {
	log.Info("memberd listening", "addr", addr, "url", s.cfg.BaseURL, "data", dataDir, "version", buildinfo.String())
	if s.logFormat == "text" {
		printNextSteps(os.Stderr, s, dataDir)
	}
}
