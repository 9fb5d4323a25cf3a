package membership

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/card"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
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
	// Files is where uploaded files are kept: empty for the folder DataDir/files,
	// a folder path, or an S3 bucket:
	// s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&region=R][&secure=false] (see
	// adapters/s3files.ParseURL; credentials from AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY). New refuses to start when the bucket is missing.
	// Ignored when WithFileStore is given.
	Files string
	// NATSURL, when set (nats://host:4222), carries events through NATS JetStream
	// (adapters/natsbus) instead of the in-process bus, so that several instances
	// share the work: one durable consumer per event handler. The server must run
	// with JetStream. Ignored when WithPubSub or WithSubscriberPerHandler is given.
	NATSURL string
	// AcceptLanguage answers web visitors who have not chosen a language (the
	// footer's 中文 · English) in the language their browser asks for; off (the
	// default), they get Simplified Chinese. The JSON API always follows
	// Accept-Language.
	AcceptLanguage bool
	// CaptchaTestMode makes slider challenges reveal their answer so automated
	// browser tests can pass them. For tests only: never enable it in production.
	CaptchaTestMode bool
	// TrustProxy takes the client address and scheme from X-Forwarded-For and
	// X-Forwarded-Proto, of requests whose direct peer is a trusted proxy: one in
	// TrustedProxies, or on loopback when that is empty. The client is the
	// right-most X-Forwarded-For address that is not a proxy's (a client can
	// write anything further left); X-Real-Ip is not read.
	TrustProxy bool
	// TrustedProxies are the reverse proxies' addresses or networks
	// ("10.0.0.0/8", "192.0.2.7"); they imply TrustProxy and replace the loopback
	// default.
	TrustedProxies []string
	// ProxyHops is how many proxies stand in front of the module, the direct
	// peer included, when the outer ones have no fixed addresses (a cloud load
	// balancer in front of a local nginx: 2); 0 or 1 knows proxies by address
	// only. See httpmw.Options.ProxyHops.
	ProxyHops int
	// SessionCookieName names the session cookie. Default: member_session.
	SessionCookieName string
	// Timezone is the association's time zone for dates in pages and emails.
	// Default: Asia/Shanghai.
	Timezone string
	// CleanupEvery is how often the clean-up loop deletes expired sessions and
	// tokens and prunes what is past its Retention. Default 10 min.
	CleanupEvery time.Duration
	// Retention is how long the clean-up keeps sent outbox rows, sent emails,
	// failed logins and handled events (membership.go, the clean-up).
	Retention RetentionConfig
	// EmailVerifyLinkFor is how long the link that verifies a new account's
	// email address works (a member may ask for a new one). Until the address is
	// verified the account may log in but not apply or pay. Default 48 h.
	EmailVerifyLinkFor time.Duration
	// PDFFont is the TrueType Chinese font (.ttf) printed forms are drawn with.
	// Default: $MEMBERSHIP_PDF_FONT, else the first font found in the standard
	// places (Debian's fonts-droid-fallback among them).
	PDFFont string
	// MemberNumbers are the member-number patterns: {YYYY} or {YY} for the year of
	// approval, {SEQ:n} for the per-kind sequence padded to n digits. The sequence
	// restarts at 1 each year when the pattern has a year token; without one (e.g.
	// {SEQ:6}) it counts on across years. The two kinds' patterns must not be able
	// to make the same number (e.g. {YY}{SEQ:6} and {SEQ:8}): New refuses them.
	MemberNumbers MemberNumbers
	// Fees is the annual fee schedule in fen; zero fields take the manual's
	// ¥5000 / ¥10000 / ¥480. The admin may override it (and the payee) in the
	// back office; the override is kept in the database and wins.
	Fees Fees
	// Payee is where bank transfers go (会费转账信息); empty fields take the
	// manual's example.
	Payee Payee
	// Alipay configures online payment for individual members. With no gateway
	// configured and Sandbox off (the default) there is no online payment: the
	// fee page offers bank transfer and the voucher upload only.
	Alipay AlipayConfig
	// Renewal configures the renewal reminders, the grace period and the
	// scheduler that applies them.
	Renewal RenewalConfig

	// Invoices configures invoices (开具发票, 借发票).
	Invoices InvoiceConfig

	// Money configures the money cases: bank fees deducted (the tolerance).
	Money MoneyConfig

	// CouncilForms says which forms of 完善理事资料 each enterprise level must
	// complete, by level name: council.Recommend (理事会副会长候选人推荐登记表) and
	// council.Appointment (理事会副会长干部任免表). A council level (理事 and
	// above) it does not list needs both, as the manual's 小提示 shows for
	// every 理事; an empty list for a level needs none (its page then holds
	// the 联系人信息 only); 普通会员 never needs any. Example:
	// {member.LevelCouncil: {council.Recommend}} asks 理事 for the
	// recommendation only.
	CouncilForms council.Requirements
	// Exports configures the background exports (导出任务).
	Exports ExportConfig
	// BulkNotices configures the bulk notices' (群发通知) dispatcher.
	BulkNotices BulkNoticeConfig
	// CardKey signs the QR links of members' cards (我的会员卡, 会员证书), at
	// least 16 characters; empty: a key generated at first use and kept in the
	// database, shared by every instance. Changing it revokes every card's link.
	CardKey string
	// InitialCredentialFor is how long a member imported by 导入老会员 may log
	// in with its initial password (the full pinyin of its first contact's or
	// its own name) before it must use 忘记密码. Default 90 days.
	InitialCredentialFor time.Duration
	// ImportStaleAfter is how long a running 导入老会员 batch may go without
	// progress before it counts as interrupted (its process died) and is
	// marked failed when batches are read; default 15 minutes.
	ImportStaleAfter time.Duration

	// Texts are the embedder's own wording of any user-visible string, by
	// locale (zh-CN, en) then the Chinese text (the catalog's key, see
	// core/i18n) → the text shown instead: {"zh-CN": {"会员管理": "会籍管理"},
	// "en": {"会员管理": "Membership"}}. The admin's 文字替换 (网站设置) goes over
	// them.
	Texts map[string]map[string]string
}

// Fees is the annual fee schedule, in fen (1 CNY = 100 fen).
type Fees struct {
	Ordinary   int64 // 普通单位会员, default 500000 (¥5000)
	Council    int64 // 理事及以上单位会员, default 1000000 (¥10000)
	Individual int64 // 个人会员, default 48000 (¥480)
	// Levels is the list of enterprise levels, lowest first, with the fee tier
	// of each (member.TierOrdinary or member.TierCouncil); nil: 普通会员
	// (ordinary), 理事, 常务理事, 副会长, 会长 (council). Staff change a member's
	// level among these.
	Levels member.LevelList
}

// Payee is the transfer details shown on the 缴纳会费 page, with the remark
// 「请注明项目：会费」.
type Payee struct {
	Name    string // 会费请汇至, e.g. 中国质量协会
	Account string // 银行帐号
	Bank    string // 开户行
}

// AlipayConfig configures the Alipay web page payment. Set GatewayURL, AppID,
// PrivateKeyPEM and AlipayPublicKeyPEM together, or none of them (then there is
// no online payment, unless Sandbox is on).
type AlipayConfig struct {
	// GatewayURL is Alipay's gateway, e.g. https://openapi.alipay.com/gateway.do.
	GatewayURL string
	// AppID is the app id Alipay assigned.
	AppID string
	// PrivateKeyPEM is the app's RSA2 private key (应用私钥).
	PrivateKeyPEM string
	// AlipayPublicKeyPEM is Alipay's public key (支付宝公钥).
	AlipayPublicKeyPEM string
	// SellerID, when set, is the merchant's Alipay user id (2088…) that
	// notifications must name.
	SellerID string
	// Sandbox serves an embedded sandbox gateway instead of Alipay (clearly
	// labelled, no real money) so that the whole flow can be tried without an
	// Alipay account; it is announced with a warning at start. A sandbox payment
	// never counts by itself: it waits for finance's confirmation like a
	// voucher. Off by default; it cannot be combined with a real gateway.
	Sandbox bool
	// Disabled turns online payment off, whatever else is set.
	Disabled bool
	// QueryAfter is how long an online order stays open before memberd asks
	// Alipay about it (alipay.trade.query), in case the notification was lost
	// (default 15 minutes); QueryWithin how old an order may be and still be
	// asked about (default 7 days); QueryEvery how often it looks (default 5
	// minutes; negative: never). One instance at a time asks.
	QueryAfter, QueryWithin, QueryEvery time.Duration
}

// configured reports whether a real gateway is configured.
func (a AlipayConfig) configured() bool {
	return a.GatewayURL != "" || a.AppID != "" || a.PrivateKeyPEM != "" || a.AlipayPublicKeyPEM != ""
}

// RenewalConfig configures renewals.
type RenewalConfig struct {
	// ReminderDays are the days before the end of validity a reminder goes out
	// (in-portal and by email, once each); default 30 and 7.
	ReminderDays []int
	// GraceDays is how long after the end of validity a member stays before
	// lapsing; default 30, negative for none.
	GraceDays int
	// SweepEvery is how often the scheduler in Run looks for members to remind or
	// lapse; default one hour, negative disables the scheduler (run the sweep
	// with App().Commands.RenewalSweep instead). Several instances may run it:
	// a lease in the database lets one at a time do the work.
	SweepEvery time.Duration
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
	// Queue tunes the durable mail queue every email goes through.
	Queue MailQueueConfig
}

// MailQueueConfig tunes the mail queue (adapters/mailqueue): event handlers
// store each email in the database and a dispatcher in Run sends it, retrying a
// failed attempt with exponential backoff until the mail server accepts it —
// across restarts and on any instance sharing the database. Zero fields take
// the defaults.
type MailQueueConfig struct {
	// RetryMin is the wait after the first failed attempt; it doubles with each
	// further failure up to RetryMax. Defaults 2 s and 5 min.
	RetryMin time.Duration
	RetryMax time.Duration
	// Poll is how often the queue is checked for email queued by other
	// instances (email queued by this one goes out at once). Default 1 s.
	Poll time.Duration
	// Lease is how long a dispatcher holds an email it is sending; default 1 min.
	Lease time.Duration
	// Retention is how long sent emails are kept (their keys stop redelivered
	// events from mailing twice); default 7 days. Retention.SentMail, when set,
	// takes precedence; the clean-up loop prunes them.
	Retention time.Duration
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
	if c.CardKey != "" && len(c.CardKey) < card.MinKeyLen {
		return errors.New("membership: CardKey must have at least 16 characters")
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
	if err := c.retentionDefaults(); err != nil {
		return err
	}
	if err := c.verifyLinkDefault(); err != nil {
		return err
	}
	if c.MemberNumbers.Enterprise == "" {
		c.MemberNumbers.Enterprise = member.DefaultEnterpriseNumbers.Pattern
	}
	if c.MemberNumbers.Individual == "" {
		c.MemberNumbers.Individual = member.DefaultIndividualNumbers.Pattern
	}
	// Each pattern well-formed, and no number both kinds' patterns could make.
	if err := member.CheckNumberFormats(member.NumberFormat{Pattern: c.MemberNumbers.Enterprise},
		member.NumberFormat{Pattern: c.MemberNumbers.Individual}); err != nil {
		return fmt.Errorf("membership: MemberNumbers: %w", err)
	}
	if err := c.feeDefaults(); err != nil {
		return err
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("membership: BaseURL %q must be an absolute http(s) URL", c.BaseURL)
	}
	if q := c.Mail.Queue; q.RetryMin < 0 || q.RetryMax < 0 || q.Poll < 0 || q.Lease < 0 || q.Retention < 0 {
		return errors.New("membership: Mail.Queue durations must not be negative")
	}
	if err := c.proxyDefaults(); err != nil {
		return err
	}
	switch c.Mail.SMTP.TLS {
	case "", "none", "starttls", "tls":
	default:
		return errors.New(`membership: Mail.SMTP.TLS must be "none", "starttls" or "tls"`)
	}
	return nil
}

// verifyLinkDefault checks EmailVerifyLinkFor and fills in its default.
func (c *Config) verifyLinkDefault() error {
	if c.ImportStaleAfter < 0 {
		return errors.New("membership: ImportStaleAfter must not be negative")
	}
	if c.InitialCredentialFor < 0 {
		return errors.New("membership: InitialCredentialFor must not be negative")
	}
	if c.EmailVerifyLinkFor < 0 {
		return errors.New("membership: EmailVerifyLinkFor must not be negative")
	}
	if c.EmailVerifyLinkFor == 0 {
		c.EmailVerifyLinkFor = auth.VerifyTokenFor
	}
	return nil
}

// proxyDefaults checks the trusted proxies and the hop count.
func (c *Config) proxyDefaults() error {
	if _, err := httpmw.ParseProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("membership: TrustedProxies: %w", err)
	}
	if c.ProxyHops < 0 || c.ProxyHops > 10 {
		return fmt.Errorf("membership: ProxyHops %d is not between 0 and 10", c.ProxyHops)
	}
	return nil
}

func (c *Config) feeDefaults() error {
	if c.Fees.Ordinary < 0 || c.Fees.Council < 0 || c.Fees.Individual < 0 {
		return errors.New("membership: Fees must not be negative")
	}
	f := payment.Fees(c.Fees).WithDefaults()
	if err := f.Validate(); err != nil {
		return fmt.Errorf("membership: Fees: %w", err)
	}
	if f.Levels != nil {
		if err := f.Levels.Validate(); err != nil {
			return fmt.Errorf("membership: Fees.Levels: %w", err)
		}
	}
	c.Fees = Fees(f)
	p := payment.Payee(c.Payee).WithDefaults()
	p.Normalize()
	if err := p.Validate(); err != nil {
		return fmt.Errorf("membership: Payee: %w", err)
	}
	c.Payee = Payee(p)
	if a := c.Alipay; a.configured() &&
		(a.GatewayURL == "" || a.AppID == "" || a.PrivateKeyPEM == "" || a.AlipayPublicKeyPEM == "") {
		return errors.New("membership: Alipay needs GatewayURL, AppID, PrivateKeyPEM and AlipayPublicKeyPEM together")
	}
	if a := c.Alipay; a.configured() && a.Sandbox {
		return errors.New("membership: Alipay.Sandbox (the embedded sandbox) and a configured Alipay gateway exclude each other")
	}
	if err := c.checkInvoices(); err != nil {
		return err
	}
	if err := c.checkMoney(); err != nil {
		return err
	}
	if c.Renewal.ReminderDays == nil {
		c.Renewal.ReminderDays = append([]int(nil), member.DefaultRenewalPolicy.ReminderDays...)
	}
	for _, d := range c.Renewal.ReminderDays {
		if d < 1 || d > 365 {
			return fmt.Errorf("membership: Renewal.ReminderDays: %d is not between 1 and 365", d)
		}
	}
	switch {
	case c.Renewal.GraceDays == 0:
		c.Renewal.GraceDays = member.DefaultRenewalPolicy.GraceDays
	case c.Renewal.GraceDays < 0:
		c.Renewal.GraceDays = -1 // none; see renewalPolicy
	case c.Renewal.GraceDays > 3650:
		return errors.New("membership: Renewal.GraceDays is too large")
	}
	if c.Renewal.SweepEvery == 0 {
		c.Renewal.SweepEvery = time.Hour
	}
	return nil
}

// renewalPolicy is the domain's form of the renewal configuration.
func (c *Config) renewalPolicy() member.RenewalPolicy {
	return member.RenewalPolicy{ReminderDays: c.Renewal.ReminderDays, GraceDays: max(c.Renewal.GraceDays, 0)}
}

// InvoiceConfig configures invoices.
type InvoiceConfig struct {
	// AdvanceReminderDays are the days after an advance invoice's (借发票)
	// expected payment day on which the member is reminded, in-portal and by
	// email, once each, while the fee is unpaid; default 0 and 30. The renewal
	// scheduler (Renewal.SweepEvery) sends them.
	AdvanceReminderDays []int
}

// checkInvoices fills in and checks the invoice configuration.
func (c *Config) checkInvoices() error {
	if c.Invoices.AdvanceReminderDays == nil {
		c.Invoices.AdvanceReminderDays = append([]int(nil), command.DefaultAdvanceReminderDays...)
	}
	for _, d := range c.Invoices.AdvanceReminderDays {
		if d < 0 || d > 365 {
			return fmt.Errorf("membership: Invoices.AdvanceReminderDays: %d is not between 0 and 365", d)
		}
	}
	return nil
}

// MoneyConfig configures how finance books the money that arrives.
type MoneyConfig struct {
	// BankFeeToleranceFen is the shortfall, in fen, that finance may still
	// confirm as the fee paid in full (bank fees deducted on the way, recorded
	// as such); zero takes the default ¥50 (5000), a negative value demands the
	// exact amount.
	BankFeeToleranceFen int64
}

// checkMoney checks the money configuration: the tolerance is at most ¥1000.
func (c *Config) checkMoney() error {
	if c.Money.BankFeeToleranceFen > 100000 {
		return errors.New("membership: Money.BankFeeToleranceFen must not exceed 100000 (¥1000)")
	}
	return nil
}

// BulkNoticeConfig tunes the delivery of bulk notices (群发通知).
type BulkNoticeConfig struct {
	// RatePerMinute bounds how many recipients a minute are handed to the
	// mail queue (0: 600; in the n-th minute of a campaign at most n ×
	// RatePerMinute of its recipients are done).
	RatePerMinute int
	// Every is how often the dispatcher looks for pending recipients (0: 1 s;
	// negative: never — for tests that dispatch themselves).
	Every time.Duration
}

// ExportConfig configures 导出: above BackgroundAbove rows an export runs in
// the background (导出任务) and its file waits in the file store for Keep.
type ExportConfig struct {
	// BackgroundAbove is the most rows of a direct download (0: 5 000;
	// negative: every export is a direct download).
	BackgroundAbove int
	// Keep is how long a finished job and its file stay (0: 24 h); the
	// clean-up loop deletes them afterwards.
	Keep time.Duration
	// Poll is how often the runner looks for queued jobs that another
	// instance queued (0: 5 s); a job queued on this instance starts at once.
	Poll time.Duration
}

// exportPoll is the runner's poll interval.
func (c ExportConfig) exportPoll() time.Duration {
	if c.Poll <= 0 {
		return 5 * time.Second
	}
	return c.Poll
}

// options are the core's options of the background exports.
func (c ExportConfig) options() query.ExportJobOptions {
	return query.ExportJobOptions{BackgroundAbove: c.BackgroundAbove, Keep: c.Keep}
}
