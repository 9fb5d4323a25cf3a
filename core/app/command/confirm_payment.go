package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ConfirmPayment is finance's confirmation of a claim or voucher: what arrived,
// when, and the bank's reference.
type ConfirmPayment struct {
	Principal access.Principal
	PaymentID string
	AmountFen int64     // the amount that arrived, in fen
	PaidOn    time.Time // the day it arrived
	BankRef   string    // the bank's transaction number (流水号)
	// Partial records an amount short of what is due (beyond the bank-fee
	// tolerance) as a partial payment, the balance staying due; without it
	// such an amount is refused.
	Partial bool
}

// ConfirmPaymentHandler confirms claims.
type ConfirmPaymentHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	authz    ports.Authorizer
	clock    ports.Clock
	loc      *time.Location
	audit    *Auditor
	// toleranceFen is the shortfall (bank fees) that counts as paid in full.
	toleranceFen int64
}

// DefaultBankFeeToleranceFen is the default shortfall finance may confirm as
// the fee paid in full: ¥50 of bank fees.
const DefaultBankFeeToleranceFen = 5000

// WithBankFeeTolerance sets the shortfall (bank fees deducted on the way, in
// fen) that still counts as the fee paid in full; 0 demands the exact amount.
func (h *ConfirmPaymentHandler) WithBankFeeTolerance(fen int64) *ConfirmPaymentHandler {
	h.toleranceFen = max(fen, 0)
	return h
}

// NewConfirmPaymentHandler builds the handler; loc is the association's time
// zone. Each decision is recorded through audit.
func NewConfirmPaymentHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	authz ports.Authorizer, clock ports.Clock, loc *time.Location, audit *Auditor) *ConfirmPaymentHandler {
	return &ConfirmPaymentHandler{members: members, payments: payments, authz: authz, clock: clock, loc: orUTC(loc),
		audit: audit}
}

// Handle confirms an open claim for finance (payment:confirm): a wrong amount is
// an Invalid error on "amount" (code amount_mismatch) and nothing changes — an
// amount short of the fee by no more than the bank-fee tolerance counts as paid
// in full, the shortfall recorded as fees deducted (FeesDeductedFen); a
// claim another finance user handled first is a Conflict (code
// payment_already_handled); a bank reference already used for another payment is
// a Conflict (bank_ref_taken). A first fee moves the member to paid and on to the
// secretariat's queue in the same transaction; a renewal extends the validity.
// An online order a sandbox reported paid is confirmed the same way — that is
// the explicit confirmation a sandbox payment needs to count (its bank reference
// defaults to the sandbox's trade number); other online orders are the
// gateway's (a Conflict payment_not_claim). The audit log's entry is written in
// the member's transaction.
func (h *ConfirmPaymentHandler) Handle(ctx context.Context, cmd ConfirmPayment) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.ConfirmPayment, ""); err != nil {
		return err
	}
	now := h.clock.Now().In(h.loc)
	r := payment.Receipt{AmountFen: cmd.AmountFen, PaidOn: cmd.PaidOn, BankRef: cmd.BankRef,
		Source: payment.SourceFinance, StaffID: cmd.Principal.ID, ToleranceFen: h.toleranceFen,
		AllowPartial: cmd.Partial}
	pay, getErr := h.payments.Get(ctx, strings.TrimSpace(cmd.PaymentID))
	if getErr == nil && pay.SandboxReported() && payment.NormalizeBankRef(r.BankRef) == "" {
		r.BankRef = pay.TradeNo() // a sandbox payment's reference is its trade number
	}
	if err := payment.CheckReceipt(r, now); err != nil {
		return err
	}
	if getErr != nil {
		return getErr
	}
	if pay.Method() == payment.MethodAlipay && !pay.SandboxReported() {
		return apperr.Conflict(payment.ErrNotClaim, "在线支付订单由支付平台确认，不能手工确认")
	}
	return h.members.Update(ctx, pay.MemberID(), func(ctx context.Context, m *member.Member) error {
		p, err := h.payments.Get(ctx, pay.ID())
		if err != nil {
			return err
		}
		if p.Status() != payment.StatusOpen && !p.ClosedClaim() {
			return handledMeanwhile(p)
		}
		if err := settle(ctx, h.payments, m, p, r, false, now); err != nil {
			return err
		}
		return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.PaymentConfirm, MemberID: m.ID(),
			Subject: "payment:" + p.ID(), Summary: confirmedSummary(p)})
	})
}

// confirmedSummary is the audit log's line of a confirmed payment:
// 「确认缴费 ¥5000（入会会费，银行转账），到账 2024-03-01，流水号 …」.
func confirmedSummary(p *payment.Payment) string {
	s := fmt.Sprintf("确认缴费 %s（%s，%s），到账 %s", payment.Yuan(p.PaidFen()), p.Purpose().Label(),
		p.Method().Label(), p.PaidOn().Format(time.DateOnly))
	if p.BankRef() != "" {
		s += fmt.Sprintf("，流水号 %s", p.BankRef())
	}
	if fees := p.FeesDeductedFen(); fees > 0 {
		s += fmt.Sprintf("，应缴 %s，银行手续费 %s 按足额确认", payment.Yuan(p.AmountFen()), payment.Yuan(fees))
	}
	switch {
	case p.Status() == payment.StatusPartial:
		s += fmt.Sprintf("，部分缴费：应缴 %s，尚欠 %s", payment.Yuan(p.AmountFen()), payment.Yuan(p.BalanceFen()))
	case p.Status() == payment.StatusDuplicate:
		s += fmt.Sprintf("，会费已通过其他方式缴纳，%s 记为退款待办", payment.Yuan(p.RefundFen()))
	case p.RefundFen() > 0:
		s += fmt.Sprintf("，应缴 %s，多收 %s 记为退款待办", payment.Yuan(p.AmountFen()), payment.Yuan(p.RefundFen()))
	}
	return s
}

// handledMeanwhile is the Conflict of a claim another finance user handled
// first.
func handledMeanwhile(p *payment.Payment) error {
	return apperr.Conflict(payment.ErrAlreadyHandled,
		fmt.Sprintf("该缴费申请已由其他财务人员处理（%s），请刷新后查看", p.Status().Label()))
}
