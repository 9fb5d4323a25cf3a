package payment

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// The rule of sandbox payments: a sandbox gateway (the embedded Alipay sandbox,
// or Alipay's own) moves no money, so what it reports never counts as money
// received by itself. Like a voucher, the order then waits in finance's queue
// (缴费确认) until finance confirms it explicitly; only that confirmation books
// the fee (the secretariat may then approve, a renewal extends the validity).

// ErrSandboxUnconfirmed is the code of a sandbox payment that was to count as
// money without finance's confirmation.
const ErrSandboxUnconfirmed = "sandbox_unconfirmed"

// CountsAsMoney reports whether the receipt by itself counts as money received:
// a sandbox gateway's report does not; finance's explicit confirmation does.
func (r Receipt) CountsAsMoney() bool { return !r.Sandbox || r.Source == SourceFinance }

// sandboxUnconfirmed is the refusal of a sandbox receipt that is to count as
// money by itself.
func sandboxUnconfirmed() error {
	return apperr.Conflict(ErrSandboxUnconfirmed, "沙箱支付未实际收款，需财务确认后才能计入会费")
}

// ReportSandbox records a sandbox gateway's report that an open online order was
// paid: the trade number, the amount and the day are kept and the order is
// marked sandbox, but it stays open — it now awaits finance (AwaitsFinance), who
// confirms it (Confirm with a finance receipt) or rejects it. The report must be
// a sandbox one for the amount ordered (an Invalid ErrAmountMismatch
// otherwise); an order already reported or handled is a Conflict. Nothing
// changes on an error.
func (p *Payment) ReportSandbox(r Receipt, now time.Time) error {
	if !r.Sandbox || p.method != MethodAlipay || r.TradeNo == "" {
		return apperr.Internal(fmt.Errorf("payment %s: not a sandbox report of an online order: %+v", p.id, r))
	}
	if err := p.open("记录"); err != nil {
		return err
	}
	if p.tradeNo != "" {
		return apperr.Conflict(ErrAlreadyHandled, "该订单已记录沙箱支付，等待财务确认")
	}
	if r.AmountFen != p.amountFen {
		return AmountMismatch(p.amountFen, r.AmountFen)
	}
	p.paidFen = r.AmountFen
	p.paidOn = Day(r.PaidOn)
	p.tradeNo = r.TradeNo
	p.source = r.Source
	p.sandbox = true
	p.updated = now
	return nil
}

// SandboxReported reports whether the payment is an open online order a
// sandbox gateway reported paid, waiting for finance.
func (p *Payment) SandboxReported() bool {
	return p.status == StatusOpen && p.method == MethodAlipay && p.sandbox && p.tradeNo != ""
}

// AwaitsFinance reports whether the payment waits in finance's queue (缴费确认):
// an open claim (transfer or voucher), or an open online order a sandbox
// reported paid. Other open orders wait for the gateway, not for finance.
func (p *Payment) AwaitsFinance() bool {
	if p.status != StatusOpen {
		return false
	}
	return p.method == MethodTransfer || p.method == MethodVoucher || p.SandboxReported()
}
