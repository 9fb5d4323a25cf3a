// Package app is the table of contents of the use cases: every command, query and
// event handler the core offers, wired from the ports.
package app

import (
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/auth"
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
	captcha := command.NewCaptcha(d.Tokens, d.CaptchaImager, d.Clock, o.CaptchaTestMode)
	throttle := command.NewThrottle(d.LoginAttempts, d.Clock, o.AccountThrottle, o.AddressThrottle)
	return &Application{
		Commands: Commands{
			RegisterMember:       command.NewRegisterMemberHandler(d.Members, d.Hasher, captcha, d.Clock),
			Login:                command.NewLoginHandler(d.Members, d.Sessions, d.Hasher, captcha, throttle, d.Clock),
			StaffLogin:           command.NewStaffLoginHandler(d.Staff, d.Sessions, d.Hasher, captcha, throttle, d.Clock),
			Logout:               command.NewLogoutHandler(d.Sessions),
			RequestPasswordReset: command.NewRequestPasswordResetHandler(d.Members, d.Tokens, captcha, d.Clock),
			ResetPassword:        command.NewResetPasswordHandler(d.Members, d.Tokens, d.Sessions, d.Hasher, d.Clock),
			ChangePassword:       command.NewChangePasswordHandler(d.Members, d.Staff, d.Sessions, d.Hasher, d.Clock),
			CreateStaff:          command.NewCreateStaffHandler(d.Staff, d.Hasher, d.Clock),

			SaveApplicationDraft:  command.NewSaveApplicationDraftHandler(d.Members, d.Files, d.Authorizer, d.Clock),
			UploadApplicationScan: command.NewUploadApplicationScanHandler(d.Members, d.Files, d.Authorizer, d.Clock),
			SubmitApplication:     command.NewSubmitApplicationHandler(d.Members, d.Authorizer, d.Clock),
			ApproveApplication: command.NewApproveApplicationHandler(d.Members, d.Sequences, d.Authorizer, d.Clock,
				o.NumberFormats, loc),
			RejectApplication:     command.NewRejectApplicationHandler(d.Members, d.Authorizer, d.Clock),
			MarkNotificationsRead: command.NewMarkNotificationsReadHandler(d.Notifications, d.Clock),
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
		},
		Captcha:       captcha,
		EventHandlers: eventHandlers(d, o),
		Authorizer:    d.Authorizer,
		Clock:         d.Clock,
	}
}

// eventHandlers lists every reaction to domain events.
func eventHandlers(d Deps, o Options) []eventhandler.Handler {
	hs := []eventhandler.Handler{
		eventhandler.SendWelcomeEmailOnRegistered(d.Mailer, o.Site),
		eventhandler.SendResetLinkOnPasswordResetRequested(d.Mailer, o.Site),
		eventhandler.SendEmailOnApplicationSubmitted(d.Mailer, d.HandledEvents, o.Site),
		eventhandler.SendEmailOnApplicationApproved(d.Mailer, d.HandledEvents, o.Site),
		eventhandler.SendEmailOnApplicationRejected(d.Mailer, d.HandledEvents, o.Site),
	}
	if d.Notifications != nil {
		hs = append(hs,
			eventhandler.NotifyOnApplicationSubmitted(d.Notifications),
			eventhandler.NotifyOnApplicationApproved(d.Notifications),
			eventhandler.NotifyOnApplicationRejected(d.Notifications),
		)
	}
	return hs
}
