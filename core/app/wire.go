package app

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
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
}

// Options tune the use cases.
type Options struct {
	Site eventhandler.Site
	// CaptchaTestMode makes slider challenges reveal their answer, for automated
	// browser tests only.
	CaptchaTestMode bool
	AccountThrottle auth.ThrottlePolicy
	AddressThrottle auth.ThrottlePolicy
	// ChallengeThrottle bounds the slider challenges per client address
	// (default auth.ChallengeThrottle).
	ChallengeThrottle auth.ThrottlePolicy
	// NumberFormats are the member-number patterns (default: the manual's
	// {YY}{SEQ:6} and GR{YY}{SEQ:4}).
	NumberFormats command.NumberFormats
	// Fees and Payee are the configured fee schedule and payee (zero fields: the
	// manual's values); the admin may override them when Deps.Settings is set.
	Fees  payment.Fees
	Payee payment.Payee
	// PaymentReturnURL and PaymentNotifyURL are the gateway's synchronous
	// return and asynchronous notification addresses.
	PaymentReturnURL string
	PaymentNotifyURL string
	// Renewal is the renewal reminder and grace-period policy (default 30 and 7
	// days, 30 days' grace).
	Renewal member.RenewalPolicy
	// SweepLeaseTTL is how long a renewal sweep keeps its lease (default 1 h).
	SweepLeaseTTL time.Duration
	// Images bounds the decoding of uploaded pictures (scans, vouchers): the
	// decoded memory one picture may need and how many are decoded at once
	// (default: an A4 page at 300 dpi in 16-bit RGB, two at a time).
	Images command.ImageBudget
	// AdvanceReminderDays are the days after an advance invoice's expected
	// payment day on which its member is reminded (nil: 0 and 30).
	AdvanceReminderDays []int
	// PaymentQuery tunes the job that asks the gateway about online orders
	// whose notification is late.
	PaymentQuery command.QueryOpenPaymentsOptions
	// LookupThrottle bounds 会员查询 per client address (default
	// query.LookupThrottle).
	LookupThrottle auth.ThrottlePolicy
	// BankFeeToleranceFen is the shortfall (bank fees) finance may confirm as
	// the fee paid in full: 0 takes command.DefaultBankFeeToleranceFen (¥50), a
	// negative value demands the exact amount.
	BankFeeToleranceFen int64
}

// New wires the use cases.
func New(d Deps, o Options) *Core {
	w := newWiring(d, o)
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
	w.invoiceCommands(&c)
	w.contentCommands(&c)
	w.registryCommands(&c)
	w.staffAccountCommands(&c)
	w.memberHelpCommands(&c)
	w.contactCommands(&c)
	return c
}

// staffAccountCommands wires 工作人员管理 (staff_accounts.go).
func (w wiring) staffAccountCommands(c *Commands) {
	d := w.d
	p := command.StaffAccountPorts{Tx: d.Tx, Staff: d.Staff, Sessions: d.Sessions, Hasher: d.Hasher,
		Authz: d.Authorizer, Audit: w.audit, Clock: d.Clock}
	c.AdminCreateStaff = command.NewAdminCreateStaffHandler(p)
	c.SetStaffRole = command.NewSetStaffRoleHandler(p)
	c.DisableStaffAccount = command.NewDisableStaffAccountHandler(p)
	c.EnableStaffAccount = command.NewEnableStaffAccountHandler(p)
	c.ResetStaffPassword = command.NewResetStaffPasswordHandler(p)
}

// memberHelpCommands wires staff's help with members' accounts
// (member_account_help.go).
func (w wiring) memberHelpCommands(c *Commands) {
	d := w.d
	p := command.MemberHelpPorts{Tx: d.Tx, Members: d.Members, Tokens: d.Tokens, Attempts: d.LoginAttempts,
		Authz: d.Authorizer, Audit: w.audit, Clock: d.Clock}
	c.SendMemberResetLink = command.NewSendMemberResetLinkHandler(p)
	c.UnlockMemberLogin = command.NewUnlockMemberLoginHandler(p)
	c.ResendMemberMail = command.NewResendMemberMailHandler(p)
	c.ChangeMemberEmail = command.NewChangeMemberEmailHandler(p)
	c.ConfirmEmailChange = command.NewConfirmEmailChangeHandler(d.Tx, d.Members, d.Tokens, d.Clock)
}

func (w wiring) accountCommands(c *Commands) {
	d := w.d
	c.RegisterMember = command.NewRegisterMemberHandler(d.Members, d.Hasher, w.captcha, d.Clock)
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

func (w wiring) memberFeeCommands(c *Commands) {
	d, loc := w.d, w.loc
	c.AssignPaymentRef = command.NewAssignPaymentRefHandler(d.Members, d.Authorizer, d.Clock)
	c.ClaimPayment = command.NewClaimPaymentHandler(d.Members, d.Payments, w.settings, d.Authorizer, d.Clock, loc)
	c.UploadPaymentVoucher = command.NewUploadPaymentVoucherHandler(d.Members, d.Payments, w.settings, d.Files,
		d.Authorizer, d.Clock, loc, w.images)
	c.StartOnlinePayment = command.NewStartOnlinePaymentHandler(d.Members, d.Payments, w.settings,
		d.PaymentGateway, d.Authorizer, d.Clock, command.OnlineOrderOptions{AssociationName: w.assoc,
			ReturnURL: w.o.PaymentReturnURL, NotifyURL: w.o.PaymentNotifyURL, Location: loc})
	c.HandlePaymentNotification = command.NewHandlePaymentNotificationHandler(d.Members, d.Payments,
		d.PaymentGateway, d.Clock, loc)
	c.QueryOpenPayments = command.NewQueryOpenPaymentsHandler(d.Payments, d.Leases, d.PaymentGateway,
		c.HandlePaymentNotification, d.Clock, w.o.PaymentQuery)
}

func (w wiring) staffFeeCommands(c *Commands) {
	d, loc := w.d, w.loc
	c.ConfirmPayment = command.NewConfirmPaymentHandler(d.Members, d.Payments, d.Authorizer, d.Clock, loc, w.audit).
		WithBankFeeTolerance(bankFeeTolerance(w.o.BankFeeToleranceFen))
	c.RejectPayment = command.NewRejectPaymentHandler(d.Members, d.Payments, d.Authorizer, d.Clock, loc, w.audit)
	c.ImportStatement = command.NewImportStatementHandler(d.Statements, d.Lookup, d.StatementParser, w.settings,
		d.Authorizer, d.Clock, loc, d.Tx, w.audit)
	c.AssignStatementLine = command.NewAssignStatementLineHandler(d.Members, d.Statements, w.settings,
		d.Authorizer, d.Clock, loc, d.Tx, w.audit)
	c.ConfirmStatement = command.NewConfirmStatementHandler(d.Members, d.Payments, d.Statements, d.Tx, w.settings,
		d.Authorizer, d.Clock, loc, w.audit)
	c.ApproveMemberships = command.NewApproveMembershipsHandler(d.Members, d.Tx, d.Authorizer, d.Clock, loc,
		w.audit)
	c.UpdateFeeSettings = command.NewUpdateFeeSettingsHandler(w.settings, d.Authorizer, d.Clock, loc, d.Tx,
		w.audit)
	c.RenewalSweep = command.NewRenewalSweepHandler(d.Members, d.Renewals, d.Leases, d.Tx, d.Clock,
		command.SweepOptions{Renewal: w.o.Renewal, LeaseTTL: w.o.SweepLeaseTTL, Location: loc})
}

// registryCommands wires the registry's staff changes.
func (w wiring) registryCommands(c *Commands) {
	d := w.d
	rd := command.RegistryDeps{Members: d.Members, Tx: d.Tx, Authz: d.Authorizer, Clock: d.Clock, Audit: w.audit,
		Location: w.loc, Levels: w.o.Fees.Levels, Sequences: d.Sequences, Hasher: d.Hasher,
		Formats: w.o.NumberFormats}
	c.StaffEditMember = command.NewStaffEditMemberHandler(rd)
	c.StaffCreateMember = command.NewStaffCreateMemberHandler(rd)
	c.ChangeMemberLevel = command.NewChangeMemberLevelHandler(rd)
	c.SuspendMember = command.NewSuspendMemberHandler(rd)
	c.ReinstateMember = command.NewReinstateMemberHandler(rd, w.o.Renewal)
	c.WithdrawMember = command.NewWithdrawMemberHandler(rd)
	c.RequestWithdrawal = command.NewRequestWithdrawalHandler(d.Members, d.Clock, w.loc)
}

// queries wires every query.
func (w wiring) queries() Queries {
	var q Queries
	w.accountQueries(&q)
	w.applicationQueries(&q)
	w.feeQueries(&q)
	w.registryQueries(&q)
	w.invoiceQueries(&q)
	w.publicQueries(&q)
	w.contentQueries(&q)
	w.staffAccountQueries(&q)
	w.reportQueries(&q)
	w.contactQueries(&q)
	return q
}

// staffAccountQueries wires 工作人员管理's reads.
func (w wiring) staffAccountQueries(q *Queries) {
	q.StaffList = query.NewStaffListHandler(w.d.Staff, w.d.Authorizer)
	q.StaffAccount = query.NewStaffAccountHandler(w.d.Staff, w.d.Authorizer)
	q.MemberAccountHelp = query.NewMemberAccountHelpHandler(w.d.Members, w.d.LoginAttempts, w.d.Authorizer,
		w.d.Clock, w.o.AccountThrottle)
}

func (w wiring) accountQueries(q *Queries) {
	d := w.d
	q.CurrentSession = query.NewCurrentSessionHandler(d.Sessions, d.Clock)
	q.VerificationLink = query.NewEmailVerificationLinkHandler(d.Tokens, d.Members, d.Clock)
	q.ResetLink = query.NewPasswordResetLinkHandler(d.Tokens, d.Clock)
	q.MemberDashboard = query.NewMemberDashboardHandler(d.Members, d.Notifications)
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

func (w wiring) feeQueries(q *Queries) {
	d := w.d
	q.FeePage = query.NewFeePageHandler(d.Members, d.Payments, w.settings, d.PaymentGateway, d.Authorizer).
		WithInvoices(d.Invoices)
	q.OnlinePayment = query.NewOnlinePaymentHandler(d.Payments)
	q.OnlinePaymentReturn = query.NewOnlinePaymentReturnHandler(d.Payments, d.PaymentGateway)
	q.PaymentQueue = query.NewPaymentQueueHandler(d.Payments, d.Authorizer)
	q.PaymentDetail = query.NewPaymentDetailHandler(d.Members, d.Payments, w.settings, d.Authorizer)
	q.PaymentVoucher = query.NewPaymentVoucherHandler(d.Payments, d.Files, d.Authorizer)
	q.Statements = query.NewStatementsHandler(d.Statements, d.Authorizer)
	q.StatementDetail = query.NewStatementDetailHandler(d.Members, d.Statements, d.Authorizer)
	q.UnmatchedLines = query.NewUnmatchedLinesHandler(d.Members, d.Statements, d.Authorizer)
	q.SecretariatQueue = query.NewSecretariatQueueHandler(d.Lookup, d.Payments, d.Authorizer)
	q.FeeSettings = query.NewFeeSettingsHandler(w.settings, d.Authorizer)
}

func (w wiring) registryQueries(q *Queries) {
	d := w.d
	q.MemberList = query.NewMemberListHandler(d.Directory, d.Authorizer, d.Clock, w.loc)
	q.MemberExport = query.NewMemberExportHandler(d.Directory, d.Authorizer, d.Clock, w.loc, w.audit)
	q.MemberDetail = query.NewMemberDetailHandler(d.Members, d.Payments, d.Notifications, d.History, d.Authorizer,
		d.Clock, w.assoc)
	q.MemberEditForm = query.NewMemberEditFormHandler(d.Members, d.Authorizer)
	q.MemberDetail.WithAudit(d.Audit, d.Staff) // the timeline says who did each staff action
	q.AuditLog = query.NewAuditLogHandler(d.Audit, d.Staff, d.Members, d.Authorizer, w.loc)
}

func (w wiring) reportQueries(q *Queries) {
	d := w.d
	q.Reports = query.NewReportsHandler(d.Reports, d.Authorizer, d.Clock, w.loc)
	q.HomeFigures = query.NewHomeFiguresHandler(d.Reports, d.Authorizer, d.Clock, w.loc)
}

// invoicePorts are the ports of the invoice use cases.
func (w wiring) invoicePorts() command.InvoicePorts {
	d := w.d
	return command.InvoicePorts{Members: d.Members, Payments: d.Payments, Invoices: d.Invoices, Files: d.Files,
		Tx: d.Tx, Notifications: d.Notifications, Mailer: d.Mailer, Authz: d.Authorizer, Clock: d.Clock,
		Audit: w.audit, Location: w.loc, BaseURL: w.o.Site.BaseURL, Settings: w.settings, Images: w.images}
}

// invoiceEventHandlers settle an open advance invoice (借发票) when the fee
// arrives, however it arrives.
func (w wiring) invoiceEventHandlers() []eventhandler.Handler {
	if w.d.Invoices == nil {
		return nil
	}
	settle := command.NewSettleAdvanceHandler(w.invoicePorts())
	return []eventhandler.Handler{eventhandler.On("settle_advance_invoice_on_payment_confirmed",
		func(ctx context.Context, ev member.PaymentConfirmed) error {
			_, err := settle.Handle(ctx, ev.MemberID, ev.PaymentID)
			return err
		})}
}

func (w wiring) invoiceCommands(c *Commands) {
	p := w.invoicePorts()
	c.RequestInvoice = command.NewRequestInvoiceHandler(p)
	c.WithdrawInvoice = command.NewWithdrawInvoiceHandler(p)
	c.IssueInvoice = command.NewIssueInvoiceHandler(p)
	c.ReturnInvoice = command.NewReturnInvoiceHandler(p)
	c.VoidInvoice = command.NewVoidInvoiceHandler(p)
	c.RequestAdvanceInvoice = command.NewRequestAdvanceInvoiceHandler(p)
	c.UploadAdvanceScan = command.NewUploadAdvanceScanHandler(p)
	c.WriteOffAdvance = command.NewWriteOffAdvanceHandler(p)
	c.SettleAdvance = command.NewSettleAdvanceHandler(p)
	c.RemindAdvances = command.NewRemindAdvancesHandler(p, w.o.AdvanceReminderDays)
	c.UpdateInvoiceNotice = command.NewUpdateInvoiceNoticeHandler(p, w.d.Settings)
}

func (w wiring) invoiceQueries(q *Queries) {
	d := w.d
	q.MemberInvoices = query.NewMemberInvoicesHandler(d.Members, d.Payments, d.Invoices, d.Authorizer, d.Clock).
		WithNotice(d.Settings, w.assoc)
	q.InvoiceNotice = query.NewInvoiceNoticeHandler(d.Settings, d.Authorizer, w.assoc)
	q.InvoiceFile = query.NewInvoiceFileHandler(d.Invoices, d.Files, d.Authorizer)
	q.InvoiceQueue = query.NewInvoiceQueueHandler(d.Invoices, d.Authorizer, d.Clock, w.loc)
	q.InvoiceDetail = query.NewInvoiceDetailHandler(d.Invoices, d.Payments, d.Authorizer)
	q.AdvancePDF = query.NewAdvancePDFHandler(d.Invoices, d.Documents, d.Authorizer, w.assoc)
}

func (w wiring) publicQueries(q *Queries) {
	d := w.d
	q.PublicMemberLookup = query.NewPublicMemberLookupHandler(d.PublicLookup, d.LoginAttempts, d.Clock, w.loc,
		w.o.LookupThrottle)
}

// eventHandlers lists every reaction to domain events.
func eventHandlers(d Deps, o Options) []eventhandler.Handler {
	return eventhandler.All(eventhandler.Deps{Mailer: d.Mailer, Notifications: d.Notifications,
		HandledEvents: d.HandledEvents, Tokens: d.Tokens, Clock: d.Clock}, o.Site)
}

// bankFeeTolerance is the configured bank-fee tolerance: 0 is the default,
// negative is none.
func bankFeeTolerance(fen int64) int64 {
	switch {
	case fen == 0:
		return command.DefaultBankFeeToleranceFen
	case fen < 0:
		return 0
	}
	return fen
}

// contactPorts are the ports of 联系人管理.
func (w wiring) contactPorts() command.ContactPorts {
	d := w.d
	return command.ContactPorts{Members: d.Members, Contacts: d.Contacts, Tx: d.Tx, Authz: d.Authorizer, Clock: d.Clock}
}

func (w wiring) contactCommands(c *Commands) {
	p := w.contactPorts()
	c.SaveContact = command.NewSaveContactHandler(p)
	c.DeleteContact = command.NewDeleteContactHandler(p)
}

func (w wiring) contactQueries(q *Queries) {
	q.ContactList = query.NewContactListHandler(w.d.Members, w.d.Contacts, w.d.Authorizer)
}
