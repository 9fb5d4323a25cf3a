package eventhandler

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/ports"
)

// Handler is one event handler: its stable name (a durable subscription on a
// broker), the event it reacts to and the reaction.
type Handler struct {
	Name   string
	Event  string
	Handle func(ctx context.Context, e event.Event) error
}

// On builds the Handler named name that runs fn for every event of type E,
// delivered as a value or as a pointer; any other event is an error. E is the
// event's value type: its zero value names the event.
func On[E event.Event](name string, fn func(ctx context.Context, ev E) error) Handler {
	var zero E
	return Handler{Name: name, Event: zero.EventName(), Handle: func(ctx context.Context, e event.Event) error {
		ev, ok := asValue[E](e)
		if !ok {
			return fmt.Errorf("%s: unexpected %T", name, e)
		}
		return fn(ctx, ev)
	}}
}

// asValue accepts an event delivered as a value or as a pointer.
func asValue[E event.Event](e event.Event) (E, bool) {
	if v, ok := e.(E); ok {
		return v, true
	}
	if p, ok := any(e).(*E); ok && p != nil {
		return *p, true
	}
	var zero E
	return zero, false
}

// Deps are the ports the reactions use.
type Deps struct {
	// Mailer takes the emails; in the module, the durable mail queue.
	Mailer ports.Mailer
	// Notifications stores member notifications; nil leaves the notification
	// handlers out.
	Notifications ports.NotificationRepository
	// HandledEvents is the ledger that makes every reaction run once per event
	// (see the package doc); nil leaves that to the effects' own keys.
	HandledEvents ports.HandledEvents
	// Tokens keeps the (hashed) tokens of the email verification links the
	// handlers mail, and holds the raw tokens of reset links until their email
	// is queued (auth.PurposeResetLink); without it those mails fail.
	Tokens ports.TokenStore
	// Clock dates the verification links and tells whether a reset link has
	// expired; nil is the system clock.
	Clock ports.Clock
	// MemberLocales are the members' language settings: each email is
	// written in its member's language (mailtext/en for en); nil writes every
	// email in zh-CN.
	MemberLocales ports.MemberLocales
}

// Site carries what emails need to know about the web site.
type Site struct {
	AssociationName string         // e.g. 中国质量协会
	BaseURL         string         // e.g. https://members.example.org
	Location        *time.Location // the association's time zone for dates in emails
	Logger          *slog.Logger   // where undeliverable mail is reported
	// VerifyLinkFor is how long an emailed verification link works; zero is
	// auth.VerifyTokenFor (48 h).
	VerifyLinkFor time.Duration
}

func (s Site) verifyLinkFor() time.Duration {
	if s.VerifyLinkFor <= 0 {
		return auth.VerifyTokenFor
	}
	return s.VerifyLinkFor
}

func (s Site) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

func (s Site) local(t time.Time) time.Time {
	if s.Location == nil {
		return t
	}
	return t.In(s.Location)
}

// link is the site's address of path (which starts with a slash).
func (s Site) link(path string) string { return strings.TrimRight(s.BaseURL, "/") + path }
