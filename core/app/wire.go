package app

import (
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// Deps are the ports the use cases need.
type Deps struct {
	Members       ports.MemberRepository
	Staff         ports.StaffRepository
	Sessions      ports.SessionStore
	Tokens        ports.TokenStore
	LoginAttempts ports.LoginAttempts
	Sequences     ports.Sequences
	Hasher        ports.PasswordHasher
	Mailer        ports.Mailer
	CaptchaImager ports.CaptchaImager
	Authorizer    ports.Authorizer
	Clock         ports.Clock
	// Files keeps uploads (stamped scans).
	Files ports.FileStore
	// Documents renders printable forms (PDF); nil when none is configured.
	Documents     ports.DocumentRenderer
	Applications  ports.ApplicationIndex
	Notifications ports.NotificationRepository
	HandledEvents ports.HandledEvents
	// WorkQueues counts the back office's queues (home page and menu badges);
	// nil shows no counts.
	WorkQueues ports.WorkQueueCounter
	// UndeliveredMail reads the emails the mail queue gave up on, for the
	// admin; nil when there is no durable mail queue.
	UndeliveredMail ports.UndeliveredMailLog

	// Fees and payments.
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Lookup     ports.MemberLookup
	Renewals   ports.RenewalIndex
	Leases     ports.Leases
	Tx         ports.Transactor
	// StatementParser reads bank statements (CSV/XLSX).
	StatementParser ports.StatementParser
	// PaymentGateway takes online payments (Alipay); nil offers none.
	PaymentGateway ports.PaymentGateway
	// Settings keeps the admin's overrides (fee schedule, payee); nil keeps the
	// configuration's values only.
	Settings ports.Settings

	// The member registry: its search and every member's history.
	Directory ports.MemberDirectory
	History   ports.MemberHistory
	// Audit is the append-only log of staff actions; every staff use case
	// writes to it (required: a staff action without it fails).
	Audit ports.AuditLog

	// Invoices are the invoice requests (开具发票, 借发票); nil offers none.
	Invoices ports.InvoiceRepository
	// The public site: 会员查询's exact lookup.
	PublicLookup ports.PublicLookup
	// Articles are the site's notices, news, events and fee notice.
	Articles ports.ArticleRepository
	// Reports answers the reports (统计报表) and the home's headline figures
	// from SQL aggregates; nil shows no headline figures.
	Reports ports.Reports
	// Contacts are enterprise members' contacts (联系人管理).
	Contacts ports.ContactRepository
	// InfoChanges are members' 信息变更 requests.
	InfoChanges ports.InfoChangeRepository
	// Council keeps 完善理事资料 (council forms and 联系人信息).
	Council ports.CouncilRepository
	// ExportJobs keep the background exports (导出任务); nil: every export is
	// a direct download.
	ExportJobs ports.ExportJobs

	// BulkNotices are the bulk notices (群发通知) and their recipients.
	BulkNotices ports.BulkNotices
	// Cards keep the versions of members' cards (我的会员卡, 会员证书).
	Cards ports.CardRepository
	// CardRenderer draws cards as PNG and PDF; nil offers no download.
	CardRenderer ports.CardRenderer
	// Submissions are enterprises' submissions (企业投稿).
	Submissions ports.SubmissionRepository
	// 导入老会员: the batches, the spreadsheet reader and the derivation of
	// initial passwords (internal/pinyinkey.FullPinyin).
	LegacyImports ports.LegacyImports
	Sheets        ports.SheetReader
	Pinyin        legacyimport.Pinyin
	// MemberLocales keep members' language settings (the site at login, their
	// emails); nil: every member reads zh-CN emails and has no setting.
	MemberLocales ports.MemberLocales
}

// New wires the use cases.
func New(d Deps, o Options) *Core {
	w := newWiring(d, o)
	w.d.Documents = w.brandedDocuments() // the logo on every printed form
	return &Core{
		Commands:      w.commands(),
		Queries:       w.queries(),
		Captcha:       w.captcha,
		EventHandlers: append(eventHandlers(w.d, w.o), w.invoiceEventHandlers()...),
		Clock:         w.d.Clock,
		policy:        w.d.Authorizer,
	}
}

// wiring is what the constructors share: the ports and options with their
// defaults filled in, and the pieces several use cases use.
type wiring struct {
	d        Deps
	o        Options
	loc      *time.Location // the association's time zone
	assoc    string         // the association's name
	settings *feesettings.Source
	captcha  *command.Captcha
	throttle *command.Throttle
	images   *command.ImageChecker // one decode budget for every picture upload
	audit    *command.Auditor      // the audit log's writer, for every staff action
	site     *sitesettings.Source  // the site's branding in force
}

// newWiring fills in the defaults and builds the shared pieces.
func newWiring(d Deps, o Options) wiring {
	if d.Clock == nil {
		d.Clock = ports.SystemClock{}
	}
	if o.AccountThrottle.MaxFailures == 0 {
		o.AccountThrottle = auth.AccountThrottle
	}
	if o.AddressThrottle.MaxFailures == 0 {
		o.AddressThrottle = auth.AddressThrottle
	}
	if o.NumberFormats.Enterprise.Pattern == "" {
		o.NumberFormats.Enterprise = member.DefaultEnterpriseNumbers
	}
	if o.NumberFormats.Individual.Pattern == "" {
		o.NumberFormats.Individual = member.DefaultIndividualNumbers
	}
	loc := o.Site.Location
	if loc == nil {
		loc = time.UTC
	}
	return wiring{d: d, o: o, loc: loc, assoc: o.Site.AssociationName,
		settings: feesettings.NewSource(d.Settings, o.Fees, o.Payee),
		captcha: command.NewCaptcha(d.Tokens, d.CaptchaImager, d.LoginAttempts, d.Clock,
			command.CaptchaOptions{TestMode: o.CaptchaTestMode, Limit: o.ChallengeThrottle}),
		throttle: command.NewThrottle(d.LoginAttempts, d.Clock, o.AccountThrottle, o.AddressThrottle),
		images:   command.NewImageChecker(o.Images),
		audit:    command.NewAuditor(d.Audit, d.Clock),
		site:     sitesettings.NewSource(d.Settings, d.Clock, o.Site.AssociationName)}
}

// commands wires every command.
func (w wiring) commands() Commands {
	var c Commands
	w.accountCommands(&c)
	w.applicationCommands(&c)
	w.memberFeeCommands(&c)
	w.staffFeeCommands(&c)
	w.moneyCaseCommands(&c) // issue 12 item 5
	w.invoiceCommands(&c)
	w.contentCommands(&c)
	w.registryCommands(&c)
	w.staffAccountCommands(&c)
	w.memberHelpCommands(&c)
	w.contactCommands(&c)
	w.infoChangeCommands(&c)
	w.councilCommands(&c)
	w.bulkNoticeCommands(&c)
	w.cardCommands(&c)
	w.submissionCommands(&c)
	w.importCommands(&c)
	w.localeCommands(&c)
	return c
}

func (w wiring) accountCommands(c *Commands) {
	d := w.d
	c.RegisterMember = command.NewRegisterMemberHandler(d.Members, d.Hasher, w.captcha, d.Clock).
		KeepingLocale(d.MemberLocales, d.Tx)
	c.VerifyEmail = command.NewVerifyEmailHandler(d.Tx, d.Members, d.Tokens, d.Clock)
	c.ResendVerification = command.NewResendEmailVerificationHandler(d.Members, d.Authorizer, d.Clock)
	c.Login = command.NewLoginHandler(d.Members, d.Sessions, d.Hasher, w.captcha, w.throttle, d.Clock)
	c.StaffLogin = command.NewStaffLoginHandler(d.Staff, d.Sessions, d.Hasher, w.captcha, w.throttle, d.Clock)
	c.Logout = command.NewLogoutHandler(d.Sessions)
	c.RequestPasswordReset = command.NewRequestPasswordResetHandler(d.Members, d.Tokens, w.captcha, d.Clock)
	c.ResetPassword = command.NewResetPasswordHandler(d.Tx, d.Members, d.Tokens, d.Sessions, d.Hasher, w.throttle,
		d.Clock)
	c.ChangePassword = command.NewChangePasswordHandler(d.Members, d.Staff, d.Sessions, d.Tokens, d.Hasher, d.Clock)
	c.CreateStaff = command.NewCreateStaffHandler(d.Staff, d.Hasher, d.Clock, d.Tx, w.audit)
	c.DisableStaff = command.NewDisableStaffHandler(d.Staff, d.Sessions, d.Clock, d.Tx, w.audit)
	c.ChangeStaffRole = command.NewChangeStaffRoleHandler(d.Staff, d.Tx, w.audit)
}

func (w wiring) applicationCommands(c *Commands) {
	d := w.d
	c.SaveApplicationDraft = command.NewSaveApplicationDraftHandler(d.Members, d.Files, d.Authorizer, d.Clock)
	c.UploadApplicationScan = command.NewUploadApplicationScanHandler(d.Members, d.Files, d.Authorizer, d.Clock,
		w.images)
	c.SubmitApplication = command.NewSubmitApplicationHandler(d.Members, d.Authorizer, d.Clock)
	c.ApproveApplication = command.NewApproveApplicationHandler(d.Members, d.Sequences, d.Authorizer, d.Clock,
		w.o.NumberFormats, w.loc, w.audit)
	c.RejectApplication = command.NewRejectApplicationHandler(d.Members, d.Authorizer, d.Clock, w.audit)
	c.MarkNotificationsRead = command.NewMarkNotificationsReadHandler(d.Notifications, d.Clock)
}

// queries wires every query.
func (w wiring) queries() Queries {
	var q Queries
	w.accountQueries(&q)
	w.applicationQueries(&q)
	w.feeQueries(&q)
	w.moneyCaseQueries(&q) // issue 12 item 5
	w.registryQueries(&q)
	w.invoiceQueries(&q)
	w.publicQueries(&q)
	w.contentQueries(&q)
	w.staffAccountQueries(&q)
	w.reportQueries(&q)
	w.exportQueries(&q) // 导出 of every back-office list
	w.contactQueries(&q)
	w.infoChangeQueries(&q)
	w.councilQueries(&q)
	w.bulkNoticeQueries(&q)
	w.cardQueries(&q)
	w.submissionQueries(&q)
	w.importQueries(&q)
	w.localeQueries(&q)
	return q
}

func (w wiring) accountQueries(q *Queries) {
	d := w.d
	q.CurrentSession = query.NewCurrentSessionHandler(d.Sessions, d.Clock)
	q.VerificationLink = query.NewEmailVerificationLinkHandler(d.Tokens, d.Members, d.Clock)
	q.ResetLink = query.NewPasswordResetLinkHandler(d.Tokens, d.Clock)
	q.MemberDashboard = query.NewMemberDashboardHandler(d.Members, d.Notifications)
	q.MemberDashboard.WithBalance(d.Payments, w.settings) // money cases: a balance due after a partial payment
	q.StaffProfile = query.NewStaffProfileHandler(d.Staff)
}

func (w wiring) applicationQueries(q *Queries) {
	d := w.d
	q.MemberApplication = query.NewMemberApplicationHandler(d.Members, d.Authorizer, d.Clock)
	q.ApplicationScan = query.NewApplicationScanHandler(d.Members, d.Files, d.Authorizer)
	q.ApplicationPDF = query.NewApplicationPDFHandler(d.Members, d.Documents, d.Authorizer, w.assoc)
	q.ApplicationOptions = query.NewApplicationOptionsHandler()
	q.ReviewQueue = query.NewReviewQueueHandler(d.Applications, d.Authorizer)
	q.ApplicationDetail = query.NewApplicationDetailHandler(d.Members, d.Authorizer, d.Clock, w.assoc)
	q.MemberNotifications = query.NewMemberNotificationsHandler(d.Notifications)
	q.WorkQueues = query.NewWorkQueuesHandler(d.WorkQueues, d.UndeliveredMail, d.Authorizer)
	q.UndeliveredMail = query.NewUndeliveredMailHandler(d.UndeliveredMail, d.Authorizer)
}

// eventHandlers lists every reaction to domain events.
func eventHandlers(d Deps, o Options) []eventhandler.Handler {
	return eventhandler.All(eventhandler.Deps{Mailer: d.Mailer, Notifications: d.Notifications,
		HandledEvents: d.HandledEvents, Tokens: d.Tokens, Clock: d.Clock,
		MemberLocales: d.MemberLocales}, o.Site)
}
