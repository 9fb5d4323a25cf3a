package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// settle records a receipt for payment p of member m inside the member's
// update — the one way money is booked, whoever reports it (finance, a bank
// statement, the gateway): the payment is confirmed (its amount checked) and
// the member's fee recorded — a first fee moves the member to paid and straight
// on to the secretariat's queue, a renewal extends the validity — and the
// member's other payments awaiting finance are closed. A receipt short of what
// is due (finance allowing it) is a partial payment: the balance stays due and
// the member pays it next; the payment that brings the sum of what arrived to
// the fee (less the tolerance) completes it, and only then does the fee count.
// Money the gateway or finance reports for a member who owes nothing any more
// is kept as a duplicate (a refund due); a statement line for such a member is
// refused. A sandbox gateway's report is no money by itself (the domain refuses
// it; see reportSandbox). isNew says whether p must be added rather than saved.
func settle(ctx context.Context, payments ports.PaymentRepository, m *member.Member, p *payment.Payment,
	r payment.Receipt, isNew bool, now time.Time) error {
	purpose, due := payment.PurposeFor(m.Status())
	if !due || purpose != p.Purpose() || p.ClosedClaim() {
		if r.Source == payment.SourceStatement {
			return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的%s（%s），不能确认",
				m.Name(), p.Purpose().Label(), m.Status().Label()))
		}
		if err := p.MarkDuplicate(r, now); err != nil {
			return err
		}
		return storePayment(ctx, payments, p, isNew)
	}
	if err := p.Confirm(r, now); err != nil {
		return err
	}
	if p.Status() == payment.StatusPartial {
		if err := m.RecordPartialFee(now); err != nil {
			return err
		}
		return storePayment(ctx, payments, p, isNew)
	}
	others, err := payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return apperr.Internal(err)
	}
	if err := recordFee(m, p, purpose, p.PaidFen()+payment.Paid(others, purpose), now); err != nil {
		return err
	}
	for _, o := range others {
		if o.ID() == p.ID() {
			continue
		}
		switch {
		case o.AwaitsFinance():
			o.Close("会费已通过其他方式确认", now)
		case o.Owing() && o.Purpose() == purpose:
			o.Complete(p.ID(), now) // the fee this partial payment began is complete
		default:
			continue
		}
		if err := payments.Save(ctx, o); err != nil {
			return err
		}
	}
	return storePayment(ctx, payments, p, isNew)
}

// recordFee books a confirmed payment on the member (paidFen: what the fee
// brought in, partial payments included): a renewal extends the validity; a
// first fee makes the member paid and forwards it to the secretariat's queue
// in the same transaction (forwarding is automatic).
func recordFee(m *member.Member, p *payment.Payment, purpose payment.Purpose, paidFen int64, now time.Time) error {
	fee := member.Fee{PaymentID: p.ID(), AmountFen: paidFen, Method: string(p.Method()), Sandbox: p.Sandbox(),
		ConfirmedBy: p.StaffID()}
	if purpose == payment.PurposeRenewal {
		return m.ConfirmRenewal(fee, now)
	}
	if err := m.ConfirmFee(fee, now); err != nil {
		return err
	}
	return m.ForwardToSecretariat(now)
}

func storePayment(ctx context.Context, payments ports.PaymentRepository, p *payment.Payment, isNew bool) error {
	if isNew {
		return payments.Add(ctx, p)
	}
	return payments.Save(ctx, p)
}
