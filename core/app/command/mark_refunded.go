package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MarkRefunded is finance's record that money to refund (退款待办: an excess or
// a duplicate payment) was paid back: the day, the bank's reference and an
// optional note.
type MarkRefunded struct {
	Principal  access.Principal
	PaymentID  string
	RefundedOn time.Time
	Ref        string
	Note       string
}

// MarkRefundedHandler marks refunds.
type MarkRefundedHandler struct {
	members       ports.MemberRepository
	payments      ports.PaymentRepository
	notifications ports.NotificationRepository // nil: none
	authz         ports.Authorizer
	clock         ports.Clock
	loc           *time.Location
	audit         *Auditor
}

// NewMarkRefundedHandler builds the handler; loc is the association's time
// zone; notifications may be nil (the member is then not notified).
func NewMarkRefundedHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	notifications ports.NotificationRepository, authz ports.Authorizer, clock ports.Clock, loc *time.Location,
	audit *Auditor) *MarkRefundedHandler {
	return &MarkRefundedHandler{members: members, payments: payments, notifications: notifications, authz: authz,
		clock: clock, loc: orUTC(loc), audit: audit}
}

// Handle marks the payment's refund as done for finance (payment:refund): the
// fields are checked first (refunded_on, refund_ref, note: nothing stored from
// a refused form); under the member's lock the payment must have a refund due —
// one already marked (by another finance user a moment ago, or twice) is a
// Conflict refund_already_done naming when and with which reference, one with
// nothing to refund a Conflict refund_not_due. The audit entry is written in
// the same transaction; the member is notified after it commits.
func (h *MarkRefundedHandler) Handle(ctx context.Context, cmd MarkRefunded) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.MarkRefunded, ""); err != nil {
		return err
	}
	now := h.clock.Now().In(h.loc)
	r := payment.Refund{On: cmd.RefundedOn, Ref: cmd.Ref, Note: cmd.Note, StaffID: cmd.Principal.ID}
	if err := payment.CheckRefund(r, now); err != nil {
		return err
	}
	pay, err := h.payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if err != nil {
		return err
	}
	var subject string
	err = h.members.Update(ctx, pay.MemberID(), func(ctx context.Context, m *member.Member) error {
		p, err := h.payments.Get(ctx, pay.ID())
		if err != nil {
			return err
		}
		if err := p.MarkRefunded(r, now, now); err != nil {
			return err
		}
		if err := h.payments.Save(ctx, p); err != nil {
			return err
		}
		pay, subject = p, notification.PaymentSubject(m.Kind() == member.Individual, m.Name())
		summary := fmt.Sprintf("标记已退款 %s（%s，%s），退款日期 %s，凭证号 %s", payment.Yuan(p.RefundFen()),
			p.Method().Label(), refundCause(p), p.RefundInfo().On.Format(time.DateOnly), p.RefundInfo().Ref)
		return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.PaymentRefunded, MemberID: m.ID(),
			Subject: "payment:" + p.ID(), Summary: summary, Reason: p.RefundInfo().Note})
	})
	if err != nil {
		return err
	}
	return h.notify(ctx, pay, subject)
}

// refundCause says why money is refunded: a duplicate or an excess.
func refundCause(p *payment.Payment) string {
	if p.Status() == payment.StatusDuplicate {
		return "重复缴费"
	}
	return "多缴会费"
}

// RefundedText is the member's notification of a refund.
func RefundedText(subject string, p *payment.Payment) string {
	return fmt.Sprintf("财务已将%s%s的%s于%s退回（凭证号 %s），请留意查收", subject, refundCause(p),
		payment.Yuan(p.RefundFen()), p.RefundInfo().On.Format(time.DateOnly), p.RefundInfo().Ref)
}

// notify tells the member (once per payment: the key makes a retry add none).
func (h *MarkRefundedHandler) notify(ctx context.Context, p *payment.Payment, subject string) error {
	if h.notifications == nil {
		return nil
	}
	n, err := notification.New(p.MemberID(), "refund:"+p.ID(), notification.CategoryPayment, RefundedText(subject, p),
		h.clock.Now())
	if err != nil {
		return fmt.Errorf("refund notification: %w", err)
	}
	if _, err := h.notifications.Add(ctx, n); err != nil {
		return fmt.Errorf("refund notification: %w", err)
	}
	return nil
}
