// Package app is the table of contents of the use cases: every command, query and
// event handler the core offers, wired from the ports.
package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/auth"
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
}

// Options tune the use cases.
type Options struct {
	Site eventhandler.Site
	// CaptchaTestMode makes slider challenges reveal their answer, for automated
	// browser tests only.
	CaptchaTestMode bool
	AccountThrottle auth.ThrottlePolicy
	AddressThrottle auth.ThrottlePolicy
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
}

// Queries are the read-side use cases.
type Queries struct {
	CurrentSession  *query.CurrentSessionHandler
	MemberDashboard *query.MemberDashboardHandler
	StaffProfile    *query.StaffProfileHandler
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
		},
		Queries: Queries{
			CurrentSession:  query.NewCurrentSessionHandler(d.Sessions, d.Clock),
			MemberDashboard: query.NewMemberDashboardHandler(d.Members),
			StaffProfile:    query.NewStaffProfileHandler(d.Staff),
		},
		Captcha: captcha,
		EventHandlers: []eventhandler.Handler{
			eventhandler.SendWelcomeEmailOnRegistered(d.Mailer, o.Site),
			eventhandler.SendResetLinkOnPasswordResetRequested(d.Mailer, o.Site),
		},
		Authorizer: d.Authorizer,
		Clock:      d.Clock,
	}
}
