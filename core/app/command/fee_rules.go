package command

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// The rules the fee use cases share: what a member owes, the refusal of a
// payment nobody owes, and the member's open claim.

// annualFee returns the annual fee of the member under the settings in force.
func annualFee(ctx context.Context, settings *feesettings.Source, m *member.Member) (int64, error) {
	st, err := settings.Current(ctx)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return st.Fees.For(m.Kind(), m.Level()), nil
}

// amountDue returns what the member owes now for purpose: the annual fee less
// what its partial payments already brought in (the balance).
func amountDue(ctx context.Context, settings *feesettings.Source, payments ports.PaymentRepository,
	m *member.Member, purpose payment.Purpose) (int64, error) {
	fee, err := annualFee(ctx, settings, m)
	if err != nil {
		return 0, err
	}
	ps, err := payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return max(fee-payment.Paid(ps, purpose), 1), nil
}

// nothingDue is the error of a payment by a member who owes nothing now.
func nothingDue(m *member.Member) error {
	switch m.Status() {
	case member.StatusPaid, member.StatusAwaitingSecretariat:
		return apperr.Conflict("already_paid", "会费已缴纳，请等待秘书处审批")
	case member.StatusActive:
		return apperr.Conflict("already_paid", fmt.Sprintf("会费已缴纳，会员有效期至%s，到期前30天可续费",
			m.ValidUntil().Format(time.DateOnly)))
	}
	return apperr.Conflict("nothing_due", "入会申请审核通过后才能缴纳会费")
}

// findOpenClaim returns the member's payment awaiting finance and whether there
// is one: its open transfer or voucher claim, else an online order a sandbox
// reported paid.
func findOpenClaim(ctx context.Context, payments ports.PaymentRepository, memberID string) (*payment.Payment, bool, error) {
	ps, err := payments.ListForMember(ctx, memberID, 50)
	if err != nil {
		return nil, false, apperr.Internal(err)
	}
	var sandbox *payment.Payment
	for _, p := range ps {
		switch {
		case !p.AwaitsFinance():
		case p.Method() != payment.MethodAlipay:
			return p, true, nil
		case sandbox == nil:
			sandbox = p
		}
	}
	return sandbox, sandbox != nil, nil
}
