package eventhandler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

// eventKey identifies one occurrence of a member event across redeliveries: its
// EventID, or for events stored before EventID existed, its name, member and time.
func eventKey(name string, b member.Base) string {
	if b.EventID != "" {
		return b.EventID
	}
	return name + ":" + b.MemberID + ":" + b.At.UTC().Format(time.RFC3339Nano)
}

func subjectOf(b member.Base) string {
	return notification.Subject(b.Kind == member.Individual, b.Name)
}

// notify stores the notification of one event; a redelivery stores nothing.
func notify(ctx context.Context, repo ports.NotificationRepository, name string, b member.Base, text string) error {
	n, err := notification.New(b.MemberID, name+":"+eventKey(name, b), notification.CategoryApplication, text, b.At)
	if err != nil {
		return err
	}
	_, err = repo.Add(ctx, n)
	return err
}

// NotifyOnApplicationSubmitted tells the member the application awaits review.
func NotifyOnApplicationSubmitted(repo ports.NotificationRepository) Handler {
	name := member.ApplicationSubmitted{}.EventName()
	return Handler{Name: "notify_application_submitted", Event: name,
		Handle: func(ctx context.Context, e event.Event) error {
			ev, ok := asValue[member.ApplicationSubmitted](e)
			if !ok {
				return fmt.Errorf("notify_application_submitted: unexpected %T", e)
			}
			return notify(ctx, repo, name, ev.Base, notification.ApplicationSubmittedText(subjectOf(ev.Base)))
		}}
}

// NotifyOnApplicationApproved tells the member the application passed, with the
// member number.
func NotifyOnApplicationApproved(repo ports.NotificationRepository) Handler {
	name := member.ApplicationApproved{}.EventName()
	return Handler{Name: "notify_application_approved", Event: name,
		Handle: func(ctx context.Context, e event.Event) error {
			ev, ok := asValue[member.ApplicationApproved](e)
			if !ok {
				return fmt.Errorf("notify_application_approved: unexpected %T", e)
			}
			return notify(ctx, repo, name, ev.Base, notification.ApplicationApprovedText(subjectOf(ev.Base), ev.Number))
		}}
}

// NotifyOnApplicationRejected tells the member the application was returned and why.
func NotifyOnApplicationRejected(repo ports.NotificationRepository) Handler {
	name := member.ApplicationRejected{}.EventName()
	return Handler{Name: "notify_application_rejected", Event: name,
		Handle: func(ctx context.Context, e event.Event) error {
			ev, ok := asValue[member.ApplicationRejected](e)
			if !ok {
				return fmt.Errorf("notify_application_rejected: unexpected %T", e)
			}
			return notify(ctx, repo, name, ev.Base, notification.ApplicationRejectedText(subjectOf(ev.Base), ev.Reason))
		}}
}

// once runs a handler's effect unless the ledger says the handler already did it
// for this event, and records it afterwards. An effect that succeeded but could
// not be recorded may run again (at least once, never lost).
func once(ctx context.Context, ledger ports.HandledEvents, handler, key string, at time.Time, effect func() error) error {
	if ledger == nil {
		return effect()
	}
	done, err := ledger.Handled(ctx, handler, key)
	if err != nil {
		return err
	}
	if done {
		return nil
	}
	if err := effect(); err != nil {
		return err
	}
	return ledger.MarkHandled(ctx, handler, key, at)
}

func portalLink(site Site) string { return strings.TrimRight(site.BaseURL, "/") + "/member" }

// mailOnce sends one email per event occurrence.
func mailOnce(ctx context.Context, mailer ports.Mailer, ledger ports.HandledEvents, site Site, handler, name string,
	b member.Base, subject, text string) error {
	return once(ctx, ledger, handler, eventKey(name, b), b.At, func() error {
		return send(ctx, mailer, site.logger(), handler, name, b, ports.Message{To: []string{b.Email},
			Subject: fmt.Sprintf("【%s】%s", site.AssociationName, subject), Text: text})
	})
}

// SendEmailOnApplicationSubmitted confirms the submission by email.
func SendEmailOnApplicationSubmitted(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_application_submitted_email"
	name := member.ApplicationSubmitted{}.EventName()
	return Handler{Name: handler, Event: name, Handle: func(ctx context.Context, e event.Event) error {
		ev, ok := asValue[member.ApplicationSubmitted](e)
		if !ok {
			return fmt.Errorf("%s: unexpected %T", handler, e)
		}
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n审核结果将通过邮件和会员系统的通知提醒告知您：\n%s\n\n%s",
			ev.Name, notification.ApplicationSubmittedText(subjectOf(ev.Base)), portalLink(site), site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "入会申请已提交", text)
	}}
}

// SendEmailOnApplicationApproved emails the approval and the member number (spec §3.4).
func SendEmailOnApplicationApproved(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_application_approved_email"
	name := member.ApplicationApproved{}.EventName()
	return Handler{Name: handler, Event: name, Handle: func(ctx context.Context, e event.Event) error {
		ev, ok := asValue[member.ApplicationApproved](e)
		if !ok {
			return fmt.Errorf("%s: unexpected %T", handler, e)
		}
		text := fmt.Sprintf("尊敬的%s：\n\n%s\n\n您可以使用会员号「%s」或用户名登录会员系统，缴纳会费：\n%s\n\n%s",
			ev.Name, notification.ApplicationApprovedText(subjectOf(ev.Base), ev.Number), ev.Number, portalLink(site),
			site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "入会申请审核通过", text)
	}}
}

// SendEmailOnApplicationRejected emails the rejection and its reason (spec §3.4).
func SendEmailOnApplicationRejected(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_application_rejected_email"
	name := member.ApplicationRejected{}.EventName()
	return Handler{Name: handler, Event: name, Handle: func(ctx context.Context, e event.Event) error {
		ev, ok := asValue[member.ApplicationRejected](e)
		if !ok {
			return fmt.Errorf("%s: unexpected %T", handler, e)
		}
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n请登录会员系统修改入会申请表后重新提交：\n%s\n\n%s",
			ev.Name, notification.ApplicationRejectedText(subjectOf(ev.Base), ev.Reason), portalLink(site),
			site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "入会申请未通过审核", text)
	}}
}
