// Package app is the table of contents of the use cases: every command, query and
// event handler the core offers, wired from the ports.
package app

import (
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/app/query"
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
}

// Options tune the use cases.
type Options struct {
	Site eventhandler.Site
	// CaptchaTestMode makes slider challenges reveal their answer, for automated
	// browser tests only.
	CaptchaTestMode bool
	AccountThrottle auth.ThrottlePolicy
	AddressThrottle auth.ThrottlePolicy
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
}

// Commands are the state-changing use cases.
type Commands struct {
	RegisterMember       *command.RegisterMemberHandler
	Login                *command.LoginHandler
	StaffLogin           *command.StaffLoginHandler
	Logout               *command.LogoutHandler
	RequestPasswordReset *command.RequestPasswordResetHandler
	ResetPassword        *command.ResetPasswordHandler
	ChangePassword       *command.ChangePasswordHandler
	CreateStaff          *command.CreateStaffHandler

	SaveApplicationDraft  *command.SaveApplicationDraftHandler
	UploadApplicationScan *command.UploadApplicationScanHandler
	SubmitApplication     *command.SubmitApplicationHandler
	ApproveApplication    *command.ApproveApplicationHandler
	RejectApplication     *command.RejectApplicationHandler
	MarkNotificationsRead *command.MarkNotificationsReadHandler

	// Fees and payments (members).
	ClaimPayment              *command.ClaimPaymentHandler
	UploadPaymentVoucher      *command.UploadPaymentVoucherHandler
	StartOnlinePayment        *command.StartOnlinePaymentHandler
	HandlePaymentNotification *command.HandlePaymentNotificationHandler
	// Finance.
	ConfirmPayment      *command.ConfirmPaymentHandler
	RejectPayment       *command.RejectPaymentHandler
	ImportStatement     *command.ImportStatementHandler
	AssignStatementLine *command.AssignStatementLineHandler
	ConfirmStatement    *command.ConfirmStatementHandler
	// Secretariat.
	ApproveMemberships *command.ApproveMembershipsHandler
	// Admin.
	UpdateFeeSettings *command.UpdateFeeSettingsHandler
	// Scheduler.
	RenewalSweep *command.RenewalSweepHandler
}

// Queries are the read-side use cases.
type Queries struct {
	CurrentSession  *query.CurrentSessionHandler
	MemberDashboard *query.MemberDashboardHandler
	StaffProfile    *query.StaffProfileHandler

	MemberApplication   *query.MemberApplicationHandler
	ApplicationScan     *query.ApplicationScanHandler
	ApplicationPDF      *query.ApplicationPDFHandler
	ApplicationOptions  *query.ApplicationOptionsHandler
	ReviewQueue         *query.ReviewQueueHandler
	ApplicationDetail   *query.ApplicationDetailHandler
	MemberNotifications *query.MemberNotificationsHandler
	WorkQueues          *query.WorkQueuesHandler

	// Fees and payments.
	FeePage             *query.FeePageHandler
	OnlinePayment       *query.OnlinePaymentHandler
	OnlinePaymentReturn *query.OnlinePaymentReturnHandler
	PaymentQueue        *query.PaymentQueueHandler
	PaymentDetail       *query.PaymentDetailHandler
	PaymentVoucher      *query.PaymentVoucherHandler
	Statements          *query.StatementsHandler
	StatementDetail     *query.StatementDetailHandler
	UnmatchedLines      *query.UnmatchedLinesHandler
	SecretariatQueue    *query.SecretariatQueueHandler
	FeeSettings         *query.FeeSettingsHandler
}

// Application is the whole core, ready for inbound adapters.
type Application struct {
	Commands      Commands
	Queries       Queries
	Captcha       *command.Captcha
	EventHandlers []eventhandler.Handler
	Authorizer    ports.Authorizer
	Clock         ports.Clock
}

// New wires the use cases.
func New(d Deps, o Options) *Application {
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
	assoc := o.Site.AssociationName
	settings := feesettings.NewSource(d.Settings, o.Fees, o.Payee)
	fees := command.NewFeeService(command.FeeDeps{Members: d.Members, Payments: d.Payments, Statements: d.Statements,
		Lookup: d.Lookup, Renewals: d.Renewals, Leases: d.Leases, Tx: d.Tx, Parser: d.StatementParser, Files: d.Files,
		Gateway: d.PaymentGateway, Authorizer: d.Authorizer, Clock: d.Clock, Settings: settings},
		command.FeeOptions{AssociationName: assoc, Location: loc, ReturnURL: o.PaymentReturnURL,
			NotifyURL: o.PaymentNotifyURL, Renewal: o.Renewal, SweepLeaseTTL: o.SweepLeaseTTL})
	feeRead := query.FeeDeps{Members: d.Members, Payments: d.Payments, Statements: d.Statements, Lookup: d.Lookup,
		Files: d.Files, Gateway: d.PaymentGateway, Authorizer: d.Authorizer, Clock: d.Clock, Settings: settings,
		EnsureRef: fees.EnsurePaymentRef, Location: loc}
	captcha := command.NewCaptcha(d.Tokens, d.CaptchaImager, d.Clock, o.CaptchaTestMode)
	throttle := command.NewThrottle(d.LoginAttempts, d.Clock, o.AccountThrottle, o.AddressThrottle)
	return &Application{
		Commands: Commands{
			RegisterMember:       command.NewRegisterMemberHandler(d.Members, d.Hasher, captcha, d.Clock),
			Login:                command.NewLoginHandler(d.Members, d.Sessions, d.Hasher, captcha, throttle, d.Clock),
			StaffLogin:           command.NewStaffLoginHandler(d.Staff, d.Sessions, d.Hasher, captcha, throttle, d.Clock),
			Logout:               command.NewLogoutHandler(d.Sessions),
			RequestPasswordReset: command.NewRequestPasswordResetHandler(d.Members, d.Tokens, captcha, d.Clock),
			ResetPassword:        command.NewResetPasswordHandler(d.Tx, d.Members, d.Tokens, d.Sessions, d.Hasher, d.Clock),
			ChangePassword:       command.NewChangePasswordHandler(d.Members, d.Staff, d.Sessions, d.Hasher, d.Clock),
			CreateStaff:          command.NewCreateStaffHandler(d.Staff, d.Hasher, d.Clock),

			SaveApplicationDraft:  command.NewSaveApplicationDraftHandler(d.Members, d.Files, d.Authorizer, d.Clock),
			UploadApplicationScan: command.NewUploadApplicationScanHandler(d.Members, d.Files, d.Authorizer, d.Clock),
			SubmitApplication:     command.NewSubmitApplicationHandler(d.Members, d.Authorizer, d.Clock),
			ApproveApplication: command.NewApproveApplicationHandler(d.Members, d.Sequences, d.Authorizer, d.Clock,
				o.NumberFormats, loc),
			RejectApplication:     command.NewRejectApplicationHandler(d.Members, d.Authorizer, d.Clock),
			MarkNotificationsRead: command.NewMarkNotificationsReadHandler(d.Notifications, d.Clock),

			ClaimPayment:              command.NewClaimPaymentHandler(fees),
			UploadPaymentVoucher:      command.NewUploadPaymentVoucherHandler(fees),
			StartOnlinePayment:        command.NewStartOnlinePaymentHandler(fees),
			HandlePaymentNotification: command.NewHandlePaymentNotificationHandler(fees),
			ConfirmPayment:            command.NewConfirmPaymentHandler(fees),
			RejectPayment:             command.NewRejectPaymentHandler(fees),
			ImportStatement:           command.NewImportStatementHandler(fees),
			AssignStatementLine:       command.NewAssignStatementLineHandler(fees),
			ConfirmStatement:          command.NewConfirmStatementHandler(fees),
			ApproveMemberships:        command.NewApproveMembershipsHandler(fees),
			UpdateFeeSettings:         command.NewUpdateFeeSettingsHandler(fees),
			RenewalSweep:              command.NewRenewalSweepHandler(fees),
		},
		Queries: Queries{
			CurrentSession:  query.NewCurrentSessionHandler(d.Sessions, d.Clock),
			MemberDashboard: query.NewMemberDashboardHandler(d.Members, d.Notifications),
			StaffProfile:    query.NewStaffProfileHandler(d.Staff),

			MemberApplication:   query.NewMemberApplicationHandler(d.Members, d.Authorizer, d.Clock),
			ApplicationScan:     query.NewApplicationScanHandler(d.Members, d.Files, d.Authorizer),
			ApplicationPDF:      query.NewApplicationPDFHandler(d.Members, d.Documents, d.Authorizer, assoc),
			ApplicationOptions:  query.NewApplicationOptionsHandler(),
			ReviewQueue:         query.NewReviewQueueHandler(d.Applications, d.Authorizer),
			ApplicationDetail:   query.NewApplicationDetailHandler(d.Members, d.Authorizer, d.Clock, assoc),
			MemberNotifications: query.NewMemberNotificationsHandler(d.Notifications),
			WorkQueues:          query.NewWorkQueuesHandler(d.WorkQueues, d.Authorizer),

			FeePage:             query.NewFeePageHandler(feeRead),
			OnlinePayment:       query.NewOnlinePaymentHandler(feeRead),
			OnlinePaymentReturn: query.NewOnlinePaymentReturnHandler(feeRead),
			PaymentQueue:        query.NewPaymentQueueHandler(feeRead),
			PaymentDetail:       query.NewPaymentDetailHandler(feeRead),
			PaymentVoucher:      query.NewPaymentVoucherHandler(feeRead),
			Statements:          query.NewStatementsHandler(feeRead),
			StatementDetail:     query.NewStatementDetailHandler(feeRead),
			UnmatchedLines:      query.NewUnmatchedLinesHandler(feeRead),
			SecretariatQueue:    query.NewSecretariatQueueHandler(feeRead),
			FeeSettings:         query.NewFeeSettingsHandler(feeRead),
		},
		Captcha:       captcha,
		EventHandlers: eventHandlers(d, o),
		Authorizer:    d.Authorizer,
		Clock:         d.Clock,
	}
}

// eventHandlers lists every reaction to domain events.
func eventHandlers(d Deps, o Options) []eventhandler.Handler {
	return eventhandler.All(eventhandler.Deps{Mailer: d.Mailer, Notifications: d.Notifications, HandledEvents: d.HandledEvents}, o.Site)
}
