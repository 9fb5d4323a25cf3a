package command

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// claimPorts are the ports that opening a payment claim uses; ClaimPayment and
// UploadPaymentVoucher both open claims.
type claimPorts struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	settings *feesettings.Source
}

// fileClaim opens a claim (with voucher v when present) for the fee the member
// owes now and returns its id, after giving the member its payment reference
// code. The caller has authorized the member. A member with nothing to pay, or
// with a claim already open, gets a Conflict.
func fileClaim(ctx context.Context, c claimPorts, memberID string, v payment.Voucher, now time.Time) (string, error) {
	if _, err := ensurePaymentRef(ctx, c.members, memberID, now); err != nil {
		return "", err
	}
	var pid string
	err := c.members.Update(ctx, memberID, func(ctx context.Context, m *member.Member) error {
		if err := m.RequireVerifiedEmail(); err != nil {
			return err
		}
		if m.Status() == member.StatusPaymentClaimed {
			return apperr.Conflict("claim_open", "已申请查看缴费状态，请等待财务确认")
		}
		purpose, ok := payment.PurposeFor(m.Status())
		if !ok {
			return nothingDue(m)
		}
		if _, open, err := findOpenClaim(ctx, c.payments, m.ID()); err != nil {
			return err
		} else if open {
			return apperr.Conflict("claim_open", "已申请查看缴费状态，请等待财务确认")
		}
		amount, err := amountDue(ctx, c.settings, c.payments, m, purpose)
		if err != nil {
			return err
		}
		method := payment.MethodTransfer
		if v.Present() {
			method = payment.MethodVoucher
		}
		pay, err := payment.NewClaim(m.ID(), purpose, method, amount, v, now)
		if err != nil {
			return apperr.Internal(err)
		}
		if purpose == payment.PurposeRenewal {
			err = m.ClaimRenewal(now)
		} else {
			err = m.ClaimPayment(now)
		}
		if err != nil {
			return err
		}
		pid = pay.ID()
		return c.payments.Add(ctx, pay)
	})
	if err != nil {
		return "", err
	}
	return pid, nil
}
