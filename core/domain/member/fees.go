package member

import (
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Fee describes a confirmed fee payment for the events it records.
type Fee struct {
	PaymentID string
	AmountFen int64
	Method    string // transfer, voucher or alipay
	// Sandbox marks a fee a sandbox gateway reported: no money moved, so it
	// counts only once finance confirmed it (ConfirmedBy).
	Sandbox bool
	// ConfirmedBy is the staff account that confirmed the fee by hand (finance,
	// or a statement line finance confirmed); empty for a gateway's report.
	ConfirmedBy string
}

// ErrSandboxUnconfirmed is the code of a sandbox fee nobody confirmed.
const ErrSandboxUnconfirmed = "sandbox_unconfirmed"

// counts refuses a fee that is no money received: a sandbox payment that
// finance has not confirmed. Neither the first fee (and so the secretariat's
// approval) nor a renewal may rest on one.
func (f Fee) counts() error {
	if f.Sandbox && f.ConfirmedBy == "" {
		return apperr.Conflict(ErrSandboxUnconfirmed, "沙箱支付未实际收款，需财务确认后才能计入会费")
	}
	return nil
}

// PaymentRef returns the member's payment reference code (empty until assigned).
func (m *Member) PaymentRef() string { return m.paymentRef }

// RenewalReminded returns the threshold in days of the last renewal reminder sent
// for the current validity (0 when none).
func (m *Member) RenewalReminded() int { return m.renewalReminded }

// AssignPaymentRef stores the member's payment reference code once; a member that
// has one keeps it.
func (m *Member) AssignPaymentRef(code string, now time.Time) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return apperr.Internal(fmt.Errorf("member %s: empty payment reference", m.id))
	}
	if m.paymentRef != "" {
		return nil
	}
	m.paymentRef = code
	m.updatedAt = now
	return nil
}

// ConfirmFee records that the first fee arrived: an approved member (with or
// without a claim) becomes paid. An unconfirmed sandbox fee is a Conflict
// ErrSandboxUnconfirmed and nothing changes.
func (m *Member) ConfirmFee(f Fee, now time.Time) error {
	if err := f.counts(); err != nil {
		return err
	}
	if err := m.from("确认缴费", StatusApproved, StatusPaymentClaimed); err != nil {
		return err
	}
	if err := m.moveTo(StatusPaid, now); err != nil {
		return err
	}
	m.rejectReason = ""
	m.Record(PaymentConfirmed{Base: m.base(now), PaymentID: f.PaymentID, AmountFen: f.AmountFen, Method: f.Method})
	return nil
}

// CanRenew reports (as an error) whether a renewal payment may be made now:
// the member's validity is ending (expiring) or over (lapsed).
func (m *Member) CanRenew() error {
	return m.from("续费", StatusExpiring, StatusLapsed)
}

// ClaimRenewal records the member's statement that the renewal fee was
// transferred; the lifecycle status does not change until finance confirms.
func (m *Member) ClaimRenewal(now time.Time) error {
	if err := m.CanRenew(); err != nil {
		return err
	}
	m.updatedAt = now
	m.Record(PaymentClaimed{Base: m.base(now)})
	return nil
}

// RejectRenewalClaim returns a renewal claim finance could not match.
func (m *Member) RejectRenewalClaim(reason string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.CanRenew(); err != nil {
		return err
	}
	m.rejectReason = reason
	m.updatedAt = now
	m.Record(PaymentClaimRejected{Base: m.base(now), Reason: reason, Renewal: true})
	return nil
}

// ConfirmRenewal records a renewal payment: the validity grows by one year from
// the old end date (see Renew) and the member is active again. An unconfirmed
// sandbox fee is a Conflict ErrSandboxUnconfirmed and nothing changes.
func (m *Member) ConfirmRenewal(f Fee, now time.Time) error {
	if err := f.counts(); err != nil {
		return err
	}
	if err := m.CanRenew(); err != nil {
		return err
	}
	if err := m.Renew(now); err != nil {
		return err
	}
	m.rejectReason = ""
	m.Record(PaymentConfirmed{Base: m.base(now), PaymentID: f.PaymentID, AmountFen: f.AmountFen, Method: f.Method,
		Renewal: true, ValidUntil: m.validUntil})
	return nil
}

// RenewalPolicy is when reminders go out and how long the grace period lasts.
type RenewalPolicy struct {
	// ReminderDays are the days before the end of validity a reminder is sent,
	// e.g. 30 and 7; the largest also marks the member expiring.
	ReminderDays []int
	// GraceDays is how long after the end of validity the member stays expiring
	// before lapsing.
	GraceDays int
}

// DefaultRenewalPolicy reminds 30 and 7 days before the end and lapses 30 days after.
var DefaultRenewalPolicy = RenewalPolicy{ReminderDays: []int{30, 7}, GraceDays: 30}

// Window returns how many days before the end of validity the renewal starts.
func (p RenewalPolicy) Window() int {
	w := 0
	for _, d := range p.ReminderDays {
		w = max(w, d)
	}
	return w
}

// DaysLeft returns the whole days from the calendar day of now to the last day
// of validity: 0 on the last day, negative after it.
func (m *Member) DaysLeft(now time.Time) int {
	return int(truncateDay(m.validUntil).Sub(truncateDay(now)).Hours() / 24)
}

// SweepRenewal applies the renewal policy on a day: an active member within the
// window becomes expiring, the reminder due is recorded once (RenewalReminderDue;
// a member found late gets only the nearest reminder, not every one it missed),
// and a member past the grace period lapses. It reports whether anything changed;
// members without validity are left alone.
func (m *Member) SweepRenewal(now time.Time, p RenewalPolicy) (bool, error) {
	if m.status != StatusActive && m.status != StatusExpiring {
		return false, nil
	}
	lapsed, err := m.Lapse(now, time.Duration(p.GraceDays)*24*time.Hour)
	if err != nil || lapsed {
		return lapsed, err
	}
	changed := false
	left := m.DaysLeft(now)
	if w := p.Window(); m.status == StatusActive && w > 0 && left <= w {
		if changed, err = m.MarkExpiring(now, time.Duration(w)*24*time.Hour); err != nil {
			return false, err
		}
	}
	due := 0
	for _, d := range p.ReminderDays {
		if d > 0 && left <= d && (due == 0 || d < due) {
			due = d
		}
	}
	if due > 0 && (m.renewalReminded == 0 || m.renewalReminded > due) {
		m.renewalReminded = due
		m.updatedAt = now
		m.Record(RenewalReminderDue{Base: m.base(now), DaysBefore: due, DaysLeft: left, ValidUntil: m.validUntil})
		changed = true
	}
	return changed, nil
}

// RecordPartialFee records that part of the fee arrived (a partial payment):
// the balance stays due, so a member whose first-fee claim finance confirmed in
// part is back to approved (it pays the balance next); a renewing member's
// status does not change.
func (m *Member) RecordPartialFee(now time.Time) error {
	switch m.status {
	case StatusPaymentClaimed:
		if err := m.moveTo(StatusApproved, now); err != nil {
			return err
		}
	case StatusApproved, StatusExpiring, StatusLapsed:
	default:
		return m.from("登记部分缴费", StatusApproved, StatusPaymentClaimed, StatusExpiring, StatusLapsed)
	}
	m.rejectReason = ""
	m.updatedAt = now
	return nil
}
