package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/httpmw"
)

// settings are the binary's flags; each also reads an environment variable
// (MEMBERD_<NAME>), flags winning.
type settings struct {
	addr string
	// metricsAddr serves /metrics (Prometheus) when set; off by default.
	metricsAddr string
	logFormat   string
	logLevel    slog.Level
	version     bool
	cfg         membership.Config
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("MEMBERD_" + name); ok {
		return v
	}
	return def
}

// envValues reads the typed MEMBERD_* variables and keeps what does not parse,
// so a mistyped value stops the start instead of silently becoming the default.
type envValues struct{ errs []error }

func (e *envValues) bad(name, v string, err error) {
	e.errs = append(e.errs, fmt.Errorf("MEMBERD_%s=%q: %w", name, v, err))
}

func (e *envValues) Bool(name string) bool {
	v := env(name, "false")
	b, err := strconv.ParseBool(v)
	if err != nil {
		e.bad(name, v, err)
	}
	return b
}

func (e *envValues) Int(name string, def int) int {
	v := env(name, strconv.Itoa(def))
	n, err := strconv.Atoi(v)
	if err != nil {
		e.bad(name, v, err)
		return def
	}
	return n
}

func (e *envValues) Duration(name string, def time.Duration) time.Duration {
	v := env(name, def.String())
	d, err := time.ParseDuration(v)
	if err != nil {
		e.bad(name, v, err)
		return def
	}
	return d
}

// parseYuan reads an amount in yuan (at most two decimals) as fen.
func parseYuan(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not an amount in yuan (e.g. 5000 or 480.50)", s)
	}
	y, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || y > 1_000_000 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	if y*100+f <= 0 {
		return 0, fmt.Errorf("%q must be more than zero", s)
	}
	return y*100 + f, nil
}

// parseTolerance reads the bank-fee tolerance in yuan: "0" is none (the exact
// fee, Config's -1), anything else an amount as parseYuan reads it.
func parseTolerance(s string) (int64, error) {
	if strings.Trim(strings.TrimSpace(s), "0.") == "" && strings.TrimSpace(s) != "" {
		return -1, nil
	}
	return parseYuan(s)
}

// parseDays reads a comma-separated list of day counts ("30,7").
func parseDays(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		d, err := strconv.Atoi(part)
		if err != nil || d < 1 || d > 365 {
			return nil, fmt.Errorf("%q is not a number of days between 1 and 365", part)
		}
		out = append(out, d)
	}
	return out, nil
}

// parseProxies reads a comma-separated list of addresses and networks; the
// module checks each (membership.Config.TrustedProxies).
func parseProxies(s string) ([]string, error) {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	if _, err := httpmw.ParseProxies(out); err != nil {
		return nil, err
	}
	return out, nil
}

// readKey reads a PEM file; an empty path is no key.
func readKey(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path) // #nosec G304 -- the operator names the key file
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func parseSettings(args []string) (settings, error) {
	var s settings
	var ev envValues
	c := &s.cfg
	fs := flag.NewFlagSet("memberd", flag.ContinueOnError)
	fs.StringVar(&s.addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address (MEMBERD_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("DATA", "data"), "data folder: SQLite file, mail/, uploads (MEMBERD_DATA)")
	fs.StringVar(&c.DatabaseDSN, "db", env("DATABASE_DSN", ""), "database: SQLite path or postgres:// URL; default DATA/membership.db (MEMBERD_DATABASE_DSN)")
	fs.StringVar(&c.BaseURL, "base-url", env("BASE_URL", ""), "public URL for emailed links; default http://ADDR (MEMBERD_BASE_URL)")
	fs.StringVar(&c.AssociationName, "association", env("ASSOCIATION", "中国质量协会"), "association name shown in pages and emails (MEMBERD_ASSOCIATION)")
	fs.StringVar(&c.Mail.From, "mail-from", env("MAIL_FROM", "noreply@localhost"), "sender address (MEMBERD_MAIL_FROM)")
	fs.StringVar(&c.Mail.SMTP.Host, "smtp-host", env("SMTP_HOST", ""), "SMTP server; empty writes .eml files to DATA/mail (MEMBERD_SMTP_HOST)")
	fs.IntVar(&c.Mail.SMTP.Port, "smtp-port", ev.Int("SMTP_PORT", 587), "SMTP port (MEMBERD_SMTP_PORT)")
	fs.StringVar(&c.Mail.SMTP.Username, "smtp-user", env("SMTP_USER", ""), "SMTP user (MEMBERD_SMTP_USER)")
	fs.StringVar(&c.Mail.SMTP.Password, "smtp-password", env("SMTP_PASSWORD", ""), "SMTP password (MEMBERD_SMTP_PASSWORD)")
	fs.StringVar(&c.Mail.SMTP.TLS, "smtp-tls", env("SMTP_TLS", "starttls"), "SMTP TLS: none, starttls or tls (MEMBERD_SMTP_TLS)")
	fs.DurationVar(&c.Mail.Queue.RetryMax, "mail-retry-max", ev.Duration("MAIL_RETRY_MAX", 5*time.Minute), "longest wait between two attempts to send an email; queued email is retried until sent (MEMBERD_MAIL_RETRY_MAX)")
	fs.StringVar(&s.metricsAddr, "metrics-addr", env("METRICS_ADDR", ""), "listen address of Prometheus /metrics, apart from -addr (e.g. 127.0.0.1:9090); empty: none (MEMBERD_METRICS_ADDR)")
	fs.StringVar(&c.Files, "files", env("FILES", ""), "uploaded files: empty for DATA/files, a folder, or s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&secure=false] with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (MEMBERD_FILES)")
	fs.StringVar(&c.NATSURL, "nats-url", env("NATS_URL", ""), "NATS server (JetStream) carrying events between instances; empty: in-process (MEMBERD_NATS_URL)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", ev.Bool("TRUST_PROXY"), "take client address and scheme from X-Forwarded-For/-Proto of a reverse proxy on loopback, or in -trusted-proxies (MEMBERD_TRUST_PROXY)")
	trusted := fs.String("trusted-proxies", env("TRUSTED_PROXIES", ""), "reverse proxies' addresses or CIDRs, comma-separated (e.g. 10.0.0.0/8,127.0.0.1/32); implies -trust-proxy, replaces loopback (MEMBERD_TRUSTED_PROXIES)")
	fs.IntVar(&c.ProxyHops, "proxy-hops", ev.Int("PROXY_HOPS", 0), "proxies in front, the direct one included, when outer ones have no fixed address (MEMBERD_PROXY_HOPS)")
	fs.BoolVar(&c.CaptchaTestMode, "captcha-test-mode", ev.Bool("CAPTCHA_TEST_MODE"), "TESTS ONLY: slider challenges reveal their answer (MEMBERD_CAPTCHA_TEST_MODE)")
	fs.StringVar(&c.Timezone, "timezone", env("TIMEZONE", "Asia/Shanghai"), "time zone for dates (MEMBERD_TIMEZONE)")
	fs.StringVar(&c.CardKey, "card-key", env("CARD_KEY", ""), "key (≥ 16 characters) signing the QR links of members' cards; empty: generated and kept in the database (MEMBERD_CARD_KEY)")
	fs.StringVar(&c.PDFFont, "pdf-font", env("PDF_FONT", ""), "TrueType Chinese font for printed forms; default: found in standard places (MEMBERD_PDF_FONT)")
	fs.StringVar(&c.MemberNumbers.Enterprise, "enterprise-numbers", env("ENTERPRISE_NUMBERS", "{YY}{SEQ:6}"), "enterprise member-number pattern: {YYYY}/{YY} year, {SEQ:n} sequence (MEMBERD_ENTERPRISE_NUMBERS)")
	fs.StringVar(&c.MemberNumbers.Individual, "individual-numbers", env("INDIVIDUAL_NUMBERS", "GR{YY}{SEQ:4}"), "individual member-number pattern (MEMBERD_INDIVIDUAL_NUMBERS)")
	feeOrdinary := fs.String("fee-ordinary", env("FEE_ORDINARY", "5000"), "annual fee of 普通单位会员 in yuan (MEMBERD_FEE_ORDINARY)")
	feeCouncil := fs.String("fee-council", env("FEE_COUNCIL", "10000"), "annual fee of 理事及以上单位会员 in yuan (MEMBERD_FEE_COUNCIL)")
	feeIndividual := fs.String("fee-individual", env("FEE_INDIVIDUAL", "480"), "annual fee of 个人会员 in yuan (MEMBERD_FEE_INDIVIDUAL)")
	tolerance := fs.String("bank-fee-tolerance", env("BANK_FEE_TOLERANCE", "50"), "bank fees in yuan a transfer may fall short of the fee and still count as paid in full; 0: the exact fee (MEMBERD_BANK_FEE_TOLERANCE)")
	fs.StringVar(&c.Payee.Name, "payee-name", env("PAYEE_NAME", "中国质量协会"), "transfers go to this payee, 会费请汇至 (MEMBERD_PAYEE_NAME)")
	fs.StringVar(&c.Payee.Account, "payee-account", env("PAYEE_ACCOUNT", "0200002809014498969"), "payee's bank account, 银行帐号 (MEMBERD_PAYEE_ACCOUNT)")
	fs.StringVar(&c.Payee.Bank, "payee-bank", env("PAYEE_BANK", "工商银行北京西四支行"), "payee's bank branch, 开户行 (MEMBERD_PAYEE_BANK)")
	fs.StringVar(&c.Alipay.GatewayURL, "alipay-gateway", env("ALIPAY_GATEWAY", ""), "Alipay gateway URL; empty: no online payment unless -alipay-sandbox (MEMBERD_ALIPAY_GATEWAY)")
	fs.StringVar(&c.Alipay.AppID, "alipay-app-id", env("ALIPAY_APP_ID", ""), "Alipay app id (MEMBERD_ALIPAY_APP_ID)")
	privateKeyFile := fs.String("alipay-private-key-file", env("ALIPAY_PRIVATE_KEY_FILE", ""), "PEM file of the app's RSA2 private key, 应用私钥 (MEMBERD_ALIPAY_PRIVATE_KEY_FILE)")
	publicKeyFile := fs.String("alipay-public-key-file", env("ALIPAY_PUBLIC_KEY_FILE", ""), "PEM file of Alipay's public key, 支付宝公钥 (MEMBERD_ALIPAY_PUBLIC_KEY_FILE)")
	fs.StringVar(&c.Alipay.SellerID, "alipay-seller-id", env("ALIPAY_SELLER_ID", ""), "merchant's Alipay user id (2088…) notifications must name; optional (MEMBERD_ALIPAY_SELLER_ID)")
	fs.BoolVar(&c.Alipay.Sandbox, "alipay-sandbox", ev.Bool("ALIPAY_SANDBOX"), "serve the embedded Alipay sandbox: NO real money, for local trials only; its payments wait for finance (MEMBERD_ALIPAY_SANDBOX)")
	fs.BoolVar(&c.Alipay.Disabled, "alipay-disabled", ev.Bool("ALIPAY_DISABLED"), "no online payment at all, whatever else is set (MEMBERD_ALIPAY_DISABLED)")
	fs.DurationVar(&c.Alipay.QueryAfter, "alipay-query-after", ev.Duration("ALIPAY_QUERY_AFTER", 15*time.Minute), "ask Alipay (alipay.trade.query) about online orders open this long, in case their notification was lost (MEMBERD_ALIPAY_QUERY_AFTER)")
	fs.DurationVar(&c.Alipay.QueryEvery, "alipay-query-every", ev.Duration("ALIPAY_QUERY_EVERY", 5*time.Minute), "how often to look for such orders; negative: never (MEMBERD_ALIPAY_QUERY_EVERY)")
	reminders := fs.String("renewal-reminders", env("RENEWAL_REMINDERS", "30,7"), "days before the end of validity renewal reminders go out (MEMBERD_RENEWAL_REMINDERS)")
	fs.IntVar(&c.Renewal.GraceDays, "renewal-grace-days", ev.Int("RENEWAL_GRACE_DAYS", 30), "days after the end of validity before a membership lapses; negative for none (MEMBERD_RENEWAL_GRACE_DAYS)")
	fs.DurationVar(&c.Renewal.SweepEvery, "renewal-sweep-every", ev.Duration("RENEWAL_SWEEP_EVERY", time.Hour), "how often the renewal scheduler runs; negative disables it (MEMBERD_RENEWAL_SWEEP_EVERY)")
	fs.IntVar(&c.BulkNotices.RatePerMinute, "bulk-rate", ev.Int("BULK_RATE", 600), "群发通知: recipients a minute handed to the mail queue, 0 or less: 600 (MEMBERD_BULK_RATE)")
	fs.DurationVar(&c.CleanupEvery, "cleanup-every", ev.Duration("CLEANUP_EVERY", 10*time.Minute), "how often the clean-up deletes expired sessions and tokens and prunes what is past its retention (MEMBERD_CLEANUP_EVERY)")
	fs.DurationVar(&c.Retention.SentEvents, "retain-sent-events", ev.Duration("RETAIN_SENT_EVENTS", time.Hour), "how long sent outbox rows are kept (MEMBERD_RETAIN_SENT_EVENTS)")
	fs.DurationVar(&c.Retention.SentMail, "retain-sent-mail", ev.Duration("RETAIN_SENT_MAIL", 7*24*time.Hour), "how long sent emails are kept (MEMBERD_RETAIN_SENT_MAIL)")
	fs.DurationVar(&c.Retention.LoginAttempts, "retain-login-attempts", ev.Duration("RETAIN_LOGIN_ATTEMPTS", 24*time.Hour), "how long failed logins are kept, at least 15m (MEMBERD_RETAIN_LOGIN_ATTEMPTS)")
	fs.DurationVar(&c.Retention.HandledEvents, "retain-handled-events", ev.Duration("RETAIN_HANDLED_EVENTS", 30*24*time.Hour), "how long event handlers remember handled events (MEMBERD_RETAIN_HANDLED_EVENTS)")
	fs.IntVar(&c.Exports.BackgroundAbove, "export-background-above", ev.Int("EXPORT_BACKGROUND_ABOVE", 5000), "exports of more rows run as background jobs (导出任务); negative: always direct (MEMBERD_EXPORT_BACKGROUND_ABOVE)")
	fs.DurationVar(&c.Exports.Keep, "export-keep", ev.Duration("EXPORT_KEEP", 24*time.Hour), "how long a finished export job and its file are kept (MEMBERD_EXPORT_KEEP)")
	fs.DurationVar(&c.ImportStaleAfter, "import-stale-after", ev.Duration("IMPORT_STALE_AFTER", 15*time.Minute), "a running 导入老会员 batch without progress this long is marked failed (MEMBERD_IMPORT_STALE_AFTER)")
	fs.DurationVar(&c.InitialCredentialFor, "initial-credential-for", ev.Duration("INITIAL_CREDENTIAL_FOR", 90*24*time.Hour), "how long an imported member's initial password (the full pinyin of a name) works; then 忘记密码 (MEMBERD_INITIAL_CREDENTIAL_FOR)")
	// Languages (README, Languages and wording).
	fs.BoolVar(&c.IgnoreAcceptLanguage, "ignore-accept-language", ev.Bool("IGNORE_ACCEPT_LANGUAGE"), "show the pages in Chinese to visitors who have not chosen 中文 / English, whatever their browser asks for (MEMBERD_IGNORE_ACCEPT_LANGUAGE)")
	fs.StringVar(&s.logFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json (MEMBERD_LOG_FORMAT)")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error (MEMBERD_LOG_LEVEL)")
	fs.BoolVar(&s.version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if len(ev.errs) > 0 {
		return s, errors.Join(ev.errs...)
	}
	var err error
	for _, f := range []struct {
		name, value string
		dst         *int64
	}{{"-fee-ordinary", *feeOrdinary, &c.Fees.Ordinary}, {"-fee-council", *feeCouncil, &c.Fees.Council},
		{"-fee-individual", *feeIndividual, &c.Fees.Individual}} {
		if *f.dst, err = parseYuan(f.value); err != nil {
			return s, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if c.Money.BankFeeToleranceFen, err = parseTolerance(*tolerance); err != nil {
		return s, fmt.Errorf("-bank-fee-tolerance: %w", err)
	}
	if c.Alipay.PrivateKeyPEM, err = readKey(*privateKeyFile); err != nil {
		return s, fmt.Errorf("-alipay-private-key-file: %w", err)
	}
	if c.Alipay.AlipayPublicKeyPEM, err = readKey(*publicKeyFile); err != nil {
		return s, fmt.Errorf("-alipay-public-key-file: %w", err)
	}
	if c.TrustedProxies, err = parseProxies(*trusted); err != nil {
		return s, fmt.Errorf("-trusted-proxies: %w", err)
	}
	if c.Renewal.ReminderDays, err = parseDays(*reminders); err != nil {
		return s, fmt.Errorf("-renewal-reminders: %w", err)
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
