package eventhandler

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// day formats a calendar day (days are kept as calendar days already); -- when unset.
func day(t time.Time) string {
	if t.IsZero() {
		return "--"
	}
	return t.Format(time.DateOnly)
}

// yuan formats fen as ¥480.00.
func yuan(fen int64) string { return fmt.Sprintf("¥%d.%02d", fen/100, fen%100) }

// sendEmailOnPaymentClaimRejected emails a returned claim and its reason.
func sendEmailOnPaymentClaimRejected(r *reactions) Handler {
	return mailOn(r, "send_payment_claim_rejected_email", func(ev member.PaymentClaimRejected) email {
		return email{text: "payment_claim_rejected", to: ev.Base, data: map[string]any{
			"Notice": notification.PaymentClaimRejectedText(paymentSubjectOf(ev.Base), ev.Reason), "Reason": ev.Reason}}
	})
}

// sendEmailOnPaymentConfirmed emails the confirmation of the fee (spec §9): of
// the first fee, or of a renewal with the new end of validity.
func sendEmailOnPaymentConfirmed(r *reactions) Handler {
	return mailOn(r, "send_payment_confirmed_email", func(ev member.PaymentConfirmed) email {
		amount := ""
		if ev.AmountFen > 0 {
			amount = yuan(ev.AmountFen)
		}
		if ev.Renewal {
			return email{text: "renewal_confirmed", to: ev.Base, data: map[string]any{
				"Amount": amount, "ValidUntil": day(ev.ValidUntil)}}
		}
		return email{text: "payment_confirmed", to: ev.Base, data: map[string]any{"Amount": amount}}
	})
}

// notifyOnPaymentClaimed tells the member the claim (or voucher) awaits finance.
func notifyOnPaymentClaimed(r *reactions) Handler {
	return notifyOn(r, "notify_payment_claimed", notification.CategoryPayment,
		func(ev member.PaymentClaimed) (member.Base, string) {
			return ev.Base, notification.PaymentClaimedText(paymentSubjectOf(ev.Base))
		})
}

// notifyOnPaymentClaimRejected tells the member finance returned the claim, and why.
func notifyOnPaymentClaimRejected(r *reactions) Handler {
	return notifyOn(r, "notify_payment_claim_rejected", notification.CategoryPayment,
		func(ev member.PaymentClaimRejected) (member.Base, string) {
			return ev.Base, notification.PaymentClaimRejectedText(paymentSubjectOf(ev.Base), ev.Reason)
		})
}

// notifyOnPaymentConfirmed tells the member the fee was confirmed, in the
// manual's words (系统管理员审批通过企业【测试号】的缴费申请).
func notifyOnPaymentConfirmed(r *reactions) Handler {
	return notifyOn(r, "notify_payment_confirmed", notification.CategoryPayment,
		func(ev member.PaymentConfirmed) (member.Base, string) {
			if ev.Renewal {
				return ev.Base, notification.RenewalConfirmedText(paymentSubjectOf(ev.Base), day(ev.ValidUntil))
			}
			return ev.Base, notification.PaymentConfirmedText(paymentSubjectOf(ev.Base))
		})
}
