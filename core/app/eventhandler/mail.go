// Package eventhandler holds the reactions to domain events, named <Do>On<Event>.
// They run from the message bus, at least once: each must be safe to repeat.
package eventhandler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// Handler is one event handler: its stable name (a durable subscription on a
// broker), the event it reacts to and the reaction.
type Handler struct {
	Name   string
	Event  string
	Handle func(ctx context.Context, e event.Event) error
}

// Site carries what emails need to know about the web site.
type Site struct {
	AssociationName string         // e.g. 中国质量协会
	BaseURL         string         // e.g. https://members.example.org
	Location        *time.Location // the association's time zone for dates in emails
	Logger          *slog.Logger   // where undeliverable mail is reported
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

// send hands a message to the mailer (in the module, the durable mail queue: it
// stores the message and returns at once). msg.Key is set from the handler and
// the event occurrence, so a redelivered event queues no second email. A message
// that can never be delivered is logged and dropped (retrying would block the
// events behind it forever); every other error is returned so the bus retries.
func send(ctx context.Context, mailer ports.Mailer, log *slog.Logger, handler, eventName string, b member.Base,
	msg ports.Message) error {
	msg.Key = mailKey(handler, eventName, b)
	err := mailer.Send(ctx, msg)
	if errors.Is(err, ports.ErrUndeliverable) {
		log.Error("email can never be delivered; dropped", "handler", handler, "to", msg.To, "err", err)
		return nil
	}
	return err
}

// mailKey is the idempotency key of the email a handler sends for one event
// occurrence: the same on every redelivery of the event.
func mailKey(handler, eventName string, b member.Base) string {
	return handler + ":" + eventKey(eventName, b)
}

// SendWelcomeEmailOnRegistered sends the registration notification email (spec §2).
func SendWelcomeEmailOnRegistered(mailer ports.Mailer, site Site) Handler {
	return Handler{Name: "send_welcome_email", Event: member.Registered{}.EventName(),
		Handle: func(ctx context.Context, e event.Event) error {
			ev, ok := asValue[member.Registered](e)
			if !ok {
				return fmt.Errorf("send_welcome_email: unexpected %T", e)
			}
			link := strings.TrimRight(site.BaseURL, "/") + "/login"
			text := fmt.Sprintf("尊敬的%s：\n\n您已成功注册%s会员系统账号（%s）。\n"+
				"请使用用户名「%s」或审核通过后的会员编号登录，按照流程填写入会申请表：\n%s\n\n"+
				"如非本人操作，请忽略本邮件。\n\n%s",
				ev.Name, site.AssociationName, ev.Kind.Label(), ev.Name, link, site.AssociationName)
			return send(ctx, mailer, site.logger(), "send_welcome_email", ev.EventName(), ev.Base, ports.Message{
				To:      []string{ev.Email},
				Subject: fmt.Sprintf("【%s】会员账号注册成功", site.AssociationName),
				Text:    text,
			})
		}}
}

// SendResetLinkOnPasswordResetRequested emails the single-use reset link.
func SendResetLinkOnPasswordResetRequested(mailer ports.Mailer, site Site) Handler {
	return Handler{Name: "send_password_reset_link", Event: member.PasswordResetRequested{}.EventName(),
		Handle: func(ctx context.Context, e event.Event) error {
			ev, ok := asValue[member.PasswordResetRequested](e)
			if !ok {
				return fmt.Errorf("send_password_reset_link: unexpected %T", e)
			}
			link := strings.TrimRight(site.BaseURL, "/") + "/password/reset?token=" + url.QueryEscape(ev.Token)
			text := fmt.Sprintf("尊敬的%s：\n\n我们收到了您重置%s会员系统密码的申请。请在%s前打开以下链接设置新密码（链接仅可使用一次）：\n%s\n\n"+
				"如非本人操作，请忽略本邮件，您的密码不会改变。\n\n%s",
				ev.Name, site.AssociationName, site.local(ev.ExpiresAt).Format("2006-01-02 15:04"), link, site.AssociationName)
			return send(ctx, mailer, site.logger(), "send_password_reset_link", ev.EventName(), ev.Base, ports.Message{
				To:      []string{ev.Email},
				Subject: fmt.Sprintf("【%s】重置密码", site.AssociationName),
				Text:    text,
			})
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
