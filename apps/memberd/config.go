package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/openassoc/membership"
)

// settings are the binary's flags; each also reads an environment variable
// (MEMBERD_<NAME>), flags winning.
type settings struct {
	addr      string
	logFormat string
	logLevel  slog.Level
	version   bool
	cfg       membership.Config
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("MEMBERD_" + name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(env(name, "false"))
	return b
}

func envInt(name string, def int) int {
	n, err := strconv.Atoi(env(name, strconv.Itoa(def)))
	if err != nil {
		return def
	}
	return n
}

func parseSettings(args []string) (settings, error) {
	var s settings
	c := &s.cfg
	fs := flag.NewFlagSet("memberd", flag.ContinueOnError)
	fs.StringVar(&s.addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address (MEMBERD_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("DATA", "data"), "data folder: SQLite file, mail/, uploads (MEMBERD_DATA)")
	fs.StringVar(&c.DatabaseDSN, "db", env("DATABASE_DSN", ""), "database: SQLite path or postgres:// URL; default DATA/membership.db (MEMBERD_DATABASE_DSN)")
	fs.StringVar(&c.BaseURL, "base-url", env("BASE_URL", ""), "public URL for emailed links; default http://ADDR (MEMBERD_BASE_URL)")
	fs.StringVar(&c.AssociationName, "association", env("ASSOCIATION", "中国质量协会"), "association name shown in pages and emails (MEMBERD_ASSOCIATION)")
	fs.StringVar(&c.Mail.From, "mail-from", env("MAIL_FROM", "noreply@localhost"), "sender address (MEMBERD_MAIL_FROM)")
	fs.StringVar(&c.Mail.SMTP.Host, "smtp-host", env("SMTP_HOST", ""), "SMTP server; empty writes .eml files to DATA/mail (MEMBERD_SMTP_HOST)")
	fs.IntVar(&c.Mail.SMTP.Port, "smtp-port", envInt("SMTP_PORT", 587), "SMTP port (MEMBERD_SMTP_PORT)")
	fs.StringVar(&c.Mail.SMTP.Username, "smtp-user", env("SMTP_USER", ""), "SMTP user (MEMBERD_SMTP_USER)")
	fs.StringVar(&c.Mail.SMTP.Password, "smtp-password", env("SMTP_PASSWORD", ""), "SMTP password (MEMBERD_SMTP_PASSWORD)")
	fs.StringVar(&c.Mail.SMTP.TLS, "smtp-tls", env("SMTP_TLS", "starttls"), "SMTP TLS: none, starttls or tls (MEMBERD_SMTP_TLS)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("TRUST_PROXY"), "trust X-Forwarded-* headers from a reverse proxy (MEMBERD_TRUST_PROXY)")
	fs.BoolVar(&c.CaptchaTestMode, "captcha-test-mode", envBool("CAPTCHA_TEST_MODE"), "TESTS ONLY: slider challenges reveal their answer (MEMBERD_CAPTCHA_TEST_MODE)")
	fs.StringVar(&c.Timezone, "timezone", env("TIMEZONE", "Asia/Shanghai"), "time zone for dates (MEMBERD_TIMEZONE)")
	fs.StringVar(&c.PDFFont, "pdf-font", env("PDF_FONT", ""), "TrueType Chinese font for printed forms; default: found in standard places (MEMBERD_PDF_FONT)")
	fs.StringVar(&c.MemberNumbers.Enterprise, "enterprise-numbers", env("ENTERPRISE_NUMBERS", "{YY}{SEQ:6}"), "enterprise member-number pattern: {YYYY}/{YY} year, {SEQ:n} sequence (MEMBERD_ENTERPRISE_NUMBERS)")
	fs.StringVar(&c.MemberNumbers.Individual, "individual-numbers", env("INDIVIDUAL_NUMBERS", "GR{YY}{SEQ:4}"), "individual member-number pattern (MEMBERD_INDIVIDUAL_NUMBERS)")
	fs.StringVar(&s.logFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json (MEMBERD_LOG_FORMAT)")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error (MEMBERD_LOG_LEVEL)")
	fs.BoolVar(&s.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if err := s.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return s, fmt.Errorf("-log-level: %w", err)
	}
	if s.logFormat != "text" && s.logFormat != "json" {
		return s, fmt.Errorf("-log-format must be text or json")
	}
	if c.Mail.SMTP.Host == "" {
		c.Mail.SMTP.TLS = ""
	}
	if c.BaseURL == "" {
		host := s.addr
		if strings.HasPrefix(host, ":") {
			host = "127.0.0.1" + host
		}
		c.BaseURL = "http://" + host
	}
	return s, nil
}

func (s settings) logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: s.logLevel}
	if s.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
