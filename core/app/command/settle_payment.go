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
// member's other payments awaiting finance are closed. Money the gateway reports
// for a member who owes nothing any more is kept as a duplicate (to refund);
// finance is told instead. A sandbox gateway's report is no money by itself
// (the domain refuses it; see reportSandbox). isNew says whether p must be added
// rather than saved.
func settle(ctx context.Context, payments ports.PaymentRepository, m *member.Member, p *payment.Payment,
	r payment.Receipt, isNew bool, now time.Time) error {
	purpose, due := payment.PurposeFor(m.Status())
	if !due || purpose != p.Purpose() {
		if r.Source != payment.SourceGateway {
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
	if err := recordFee(m, p, purpose, now); err != nil {
		return err
	}
	others, err := payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return apperr.Internal(err)
	}
	for _, o := range others {
		if o.ID() != p.ID() && o.AwaitsFinance() {
			o.Close("会费已通过其他方式确认", now)
			if err := payments.Save(ctx, o); err != nil {
				return err
			}
		}
	}
	return storePayment(ctx, payments, p, isNew)
}

// recordFee books a confirmed payment on the member: a renewal extends the
// validity; a first fee makes the member paid and forwards it to the
// secretariat's queue in the same transaction (forwarding is automatic).
func recordFee(m *member.Member, p *payment.Payment, purpose payment.Purpose, now time.Time) error {
	fee := member.Fee{PaymentID: p.ID(), AmountFen: p.PaidFen(), Method: string(p.Method()), Sandbox: p.Sandbox(),
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
