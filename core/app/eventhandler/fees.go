package eventhandler

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/ports"
)

func paymentSubjectOf(b member.Base) string {
	return notification.PaymentSubject(b.Kind == member.Individual, b.Name)
}

// notifyIn stores the notification of one event in a category; a redelivery
// stores nothing.
func notifyIn(ctx context.Context, repo ports.NotificationRepository, c notification.Category, name string,
	b member.Base, text string) error {
	n, err := notification.New(b.MemberID, name+":"+eventKey(name, b), c, text, b.At)
	if err != nil {
		return err
	}
	_, err = repo.Add(ctx, n)
	return err
}

func day(t time.Time) string {
	if t.IsZero() {
		return "--"
	}
	return t.Format(time.DateOnly) // days are kept as calendar days already
}

func feesLink(site Site) string { return portalLink(site) + "/fees" }

// handle builds a Handler for one event type E.
func handle[E event.Event](name string, fn func(ctx context.Context, ev E) error) Handler {
	var zero E
	evName := zero.EventName()
	return Handler{Name: name, Event: evName, Handle: func(ctx context.Context, e event.Event) error {
		ev, ok := asValue[E](e)
		if !ok {
			return fmt.Errorf("%s: unexpected %T", name, e)
		}
		return fn(ctx, ev)
	}}
}

// NotifyOnPaymentClaimed tells the member the claim (or voucher) awaits finance.
func NotifyOnPaymentClaimed(repo ports.NotificationRepository) Handler {
	name := member.PaymentClaimed{}.EventName()
	return handle("notify_payment_claimed", func(ctx context.Context, ev member.PaymentClaimed) error {
		return notifyIn(ctx, repo, notification.CategoryPayment, name, ev.Base,
			notification.PaymentClaimedText(paymentSubjectOf(ev.Base)))
	})
}

// NotifyOnPaymentClaimRejected tells the member finance returned the claim, and why.
func NotifyOnPaymentClaimRejected(repo ports.NotificationRepository) Handler {
	name := member.PaymentClaimRejected{}.EventName()
	return handle("notify_payment_claim_rejected", func(ctx context.Context, ev member.PaymentClaimRejected) error {
		return notifyIn(ctx, repo, notification.CategoryPayment, name, ev.Base,
			notification.PaymentClaimRejectedText(paymentSubjectOf(ev.Base), ev.Reason))
	})
}

// NotifyOnPaymentConfirmed tells the member the fee was confirmed, in the
// manual's words (系统管理员审批通过企业【测试号】的缴费申请).
func NotifyOnPaymentConfirmed(repo ports.NotificationRepository, site Site) Handler {
	name := member.PaymentConfirmed{}.EventName()
	return handle("notify_payment_confirmed", func(ctx context.Context, ev member.PaymentConfirmed) error {
		text := notification.PaymentConfirmedText(paymentSubjectOf(ev.Base))
		if ev.Renewal {
			text = notification.RenewalConfirmedText(paymentSubjectOf(ev.Base), day(ev.ValidUntil))
		}
		return notifyIn(ctx, repo, notification.CategoryPayment, name, ev.Base, text)
	})
}

// NotifyOnMembershipApproved tells the member the secretariat approved and until
// when the membership is valid.
func NotifyOnMembershipApproved(repo ports.NotificationRepository, site Site) Handler {
	name := member.MembershipApproved{}.EventName()
	return handle("notify_membership_approved", func(ctx context.Context, ev member.MembershipApproved) error {
		return notifyIn(ctx, repo, notification.CategoryMembership, name, ev.Base,
			notification.MembershipApprovedText(subjectOf(ev.Base), site.AssociationName, day(ev.ValidUntil)))
	})
}

// NotifyOnRenewalReminderDue reminds the member to renew.
func NotifyOnRenewalReminderDue(repo ports.NotificationRepository, site Site) Handler {
	name := member.RenewalReminderDue{}.EventName()
	return handle("notify_renewal_reminder", func(ctx context.Context, ev member.RenewalReminderDue) error {
		return notifyIn(ctx, repo, notification.CategoryMembership, name, ev.Base,
			notification.RenewalReminderText(subjectOf(ev.Base), day(ev.ValidUntil), ev.DaysLeft))
	})
}

// NotifyOnMembershipLapsed tells the member the membership lapsed.
func NotifyOnMembershipLapsed(repo ports.NotificationRepository, site Site) Handler {
	name := member.MembershipLapsed{}.EventName()
	return handle("notify_membership_lapsed", func(ctx context.Context, ev member.MembershipLapsed) error {
		return notifyIn(ctx, repo, notification.CategoryMembership, name, ev.Base,
			notification.MembershipLapsedText(subjectOf(ev.Base), day(ev.ValidUntil)))
	})
}

// SendEmailOnPaymentClaimRejected emails a returned claim and its reason.
func SendEmailOnPaymentClaimRejected(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_payment_claim_rejected_email"
	name := member.PaymentClaimRejected{}.EventName()
	return handle(handler, func(ctx context.Context, ev member.PaymentClaimRejected) error {
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n请核对转账信息后，登录会员系统重新申请：\n%s\n\n%s",
			ev.Name, notification.PaymentClaimRejectedText(paymentSubjectOf(ev.Base), ev.Reason), feesLink(site),
			site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "缴费申请未通过确认", text)
	})
}

// SendEmailOnPaymentConfirmed emails the confirmation of the fee (spec §9).
func SendEmailOnPaymentConfirmed(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_payment_confirmed_email"
	name := member.PaymentConfirmed{}.EventName()
	return handle(handler, func(ctx context.Context, ev member.PaymentConfirmed) error {
		amount := ""
		if ev.AmountFen > 0 {
			amount = fmt.Sprintf("（%s）", yuan(ev.AmountFen))
		}
		var text, subject string
		if ev.Renewal {
			subject = "续费已确认"
			text = fmt.Sprintf("尊敬的%s：\n\n您缴纳的会费%s已确认，会员有效期延长至%s。\n\n%s\n\n%s",
				ev.Name, amount, day(ev.ValidUntil), portalLink(site), site.AssociationName)
		} else {
			subject = "会费缴纳已确认"
			text = fmt.Sprintf("尊敬的%s：\n\n您缴纳的会费%s已确认。入会申请已提交%s秘书处审批，审批通过后即可查看会员有效期。\n\n%s\n\n%s",
				ev.Name, amount, site.AssociationName, portalLink(site), site.AssociationName)
		}
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, subject, text)
	})
}

// SendEmailOnMembershipApproved emails the secretariat's approval (spec §9).
func SendEmailOnMembershipApproved(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_membership_approved_email"
	name := member.MembershipApproved{}.EventName()
	return handle(handler, func(ctx context.Context, ev member.MembershipApproved) error {
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n会员编号：%s\n审批文号：%s\n会员有效期：%s 至 %s\n\n%s\n\n%s",
			ev.Name, notification.MembershipApprovedText(subjectOf(ev.Base), site.AssociationName, day(ev.ValidUntil)),
			ev.Number, ev.DocNo, day(ev.ValidFrom), day(ev.ValidUntil), portalLink(site), site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "入会审批通过", text)
	})
}

// SendEmailOnRenewalReminderDue emails a renewal reminder (spec §9).
func SendEmailOnRenewalReminderDue(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_renewal_reminder_email"
	name := member.RenewalReminderDue{}.EventName()
	return handle(handler, func(ctx context.Context, ev member.RenewalReminderDue) error {
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n缴费方式请见会员系统「缴纳会费」页面：\n%s\n\n%s",
			ev.Name, notification.RenewalReminderText(subjectOf(ev.Base), day(ev.ValidUntil), ev.DaysLeft),
			feesLink(site), site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "会员续费提醒", text)
	})
}

// SendEmailOnMembershipLapsed emails the lapse.
func SendEmailOnMembershipLapsed(mailer ports.Mailer, ledger ports.HandledEvents, site Site) Handler {
	const handler = "send_membership_lapsed_email"
	name := member.MembershipLapsed{}.EventName()
	return handle(handler, func(ctx context.Context, ev member.MembershipLapsed) error {
		text := fmt.Sprintf("尊敬的%s：\n\n%s。\n%s\n\n%s",
			ev.Name, notification.MembershipLapsedText(subjectOf(ev.Base), day(ev.ValidUntil)),
			feesLink(site), site.AssociationName)
		return mailOnce(ctx, mailer, ledger, site, handler, name, ev.Base, "会员资格已失效", text)
	})
}

// yuan formats fen as ¥480.00.
func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }
