package membership

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/member"
)

// Config is everything a host system or the bundled binary sets. The zero value
// plus a DataDir is the embedded default: an SQLite file and mail written as .eml
// files, both inside DataDir, and events relayed in-process.
type Config struct {
	// DataDir holds the SQLite database, outgoing mail (mail/) and uploaded files
	// (files/).
	DataDir string
	// DatabaseDSN overrides the database: a file path or sqlite:PATH for SQLite, or
	// postgres://… for PostgreSQL. Default: DataDir/membership.db.
	DatabaseDSN string
	// BaseURL is the public address of the web app, used in emailed links.
	// Default: http://127.0.0.1:8080.
	BaseURL string
	// AssociationName is shown in pages and emails. Default: 中国质量协会.
	AssociationName string
	// Mail selects how email leaves: with SMTP.Host empty, messages are written to
	// DataDir/mail as .eml files.
	Mail MailConfig
	// CaptchaTestMode makes slider challenges reveal their answer so automated
	// browser tests can pass them. For tests only: never enable it in production.
	CaptchaTestMode bool
	// TrustProxy takes the client address and scheme from X-Forwarded-* headers.
	// Enable only behind a reverse proxy that sets them.
	TrustProxy bool
	// SessionCookieName names the session cookie. Default: member_session.
	SessionCookieName string
	// Timezone is the association's time zone for dates in pages and emails.
	// Default: Asia/Shanghai.
	Timezone string
	// CleanupEvery is how often expired sessions and tokens are deleted. Default 10 min.
	CleanupEvery time.Duration
	// PDFFont is the TrueType Chinese font (.ttf) printed forms are drawn with.
	// Default: $MEMBERSHIP_PDF_FONT, else the first font found in the standard
	// places (Debian's fonts-droid-fallback among them).
	PDFFont string
	// MemberNumbers are the member-number patterns: {YYYY} or {YY} for the year of
	// approval, {SEQ:n} for the per-kind, per-year sequence padded to n digits.
	MemberNumbers MemberNumbers
}

// MemberNumbers configures member numbers per kind.
type MemberNumbers struct {
	Enterprise string // default {YY}{SEQ:6}, e.g. 19141263
	Individual string // default GR{YY}{SEQ:4}, e.g. GR190037
}

// MailConfig configures outgoing email.
type MailConfig struct {
	From string // sender address; default noreply@localhost
	SMTP SMTPConfig
}

// SMTPConfig configures the SMTP adapter. TLS is "none", "starttls" or "tls".
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	TLS      string
}

func (c *Config) setDefaults() error {
	if c.DataDir == "" {
		c.DataDir = "data"
	}
	if c.DatabaseDSN == "" {
		c.DatabaseDSN = filepath.Join(c.DataDir, "membership.db")
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://127.0.0.1:8080"
	}
	if c.AssociationName == "" {
		c.AssociationName = "中国质量协会"
	}
	if c.Mail.From == "" {
		c.Mail.From = "noreply@localhost"
	}
	if c.SessionCookieName == "" {
		c.SessionCookieName = "member_session"
	}
	if c.Timezone == "" {
		c.Timezone = "Asia/Shanghai"
	}
	if c.CleanupEvery == 0 {
		c.CleanupEvery = 10 * time.Minute
	}
	if c.MemberNumbers.Enterprise == "" {
		c.MemberNumbers.Enterprise = member.DefaultEnterpriseNumbers.Pattern
	}
	if c.MemberNumbers.Individual == "" {
		c.MemberNumbers.Individual = member.DefaultIndividualNumbers.Pattern
	}
	for _, p := range []string{c.MemberNumbers.Enterprise, c.MemberNumbers.Individual} {
		if err := (member.NumberFormat{Pattern: p}).Validate(); err != nil {
			return fmt.Errorf("membership: MemberNumbers: %w", err)
		}
	}
	if c.MemberNumbers.Enterprise == c.MemberNumbers.Individual {
		return errors.New("membership: MemberNumbers: enterprise and individual patterns must differ")
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("membership: BaseURL %q must be an absolute http(s) URL", c.BaseURL)
	}
	switch c.Mail.SMTP.TLS {
	case "", "none", "starttls", "tls":
	default:
		return errors.New(`membership: Mail.SMTP.TLS must be "none", "starttls" or "tls"`)
	}
	return nil
}
