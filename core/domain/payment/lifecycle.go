package payment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// Sources of a confirmation.
const (
	SourceFinance   = "finance"
	SourceStatement = "statement"
	SourceGateway   = "gateway"
)

// MaxBankRefLen bounds a bank reference.
const MaxBankRefLen = 64

// Codes of payment errors.
const (
	ErrAmountMismatch = "amount_mismatch"
	ErrAlreadyHandled = "payment_already_handled"
	ErrNotClaim       = "payment_not_claim"
)

// Receipt is what arrived: the amount, the day and the references.
type Receipt struct {
	AmountFen int64
	PaidOn    time.Time
	BankRef   string
	TradeNo   string
	Source    string
	StaffID   string
	// Sandbox is true when a sandbox gateway reported the money (none moved).
	Sandbox bool
	// ToleranceFen is the shortfall (bank fees deducted on the way) that still
	// counts as the fee paid in full; zero demands the exact amount.
	ToleranceFen int64
	// AllowPartial lets a larger shortfall be recorded as a partial payment
	// (finance says so explicitly); without it a shortfall is refused.
	AllowPartial bool
}

// NormalizeBankRef trims a bank reference and removes inner white space.
func NormalizeBankRef(s string) string { return strings.Join(strings.Fields(s), "") }

// CheckReceipt validates what finance typed in: amount (fen, positive), the day
// (not after today) and the bank reference (required, ≤ 64). Fields: amount,
// paid_on, bank_ref.
func CheckReceipt(r Receipt, today time.Time) error {
	var v apperr.Validation
	if r.AmountFen <= 0 {
		v.Add("amount", "amount_invalid", "请填写到账金额")
	}
	switch {
	case r.PaidOn.IsZero():
		v.Add("paid_on", "required", "请填写到账日期")
	case Day(r.PaidOn).After(Day(today)):
		v.Add("paid_on", "date_future", "到账日期不能晚于今天")
	}
	switch ref := NormalizeBankRef(r.BankRef); {
	case ref == "":
		v.Add("bank_ref", "required", "请填写银行流水号")
	case utf8.RuneCountInString(ref) > MaxBankRefLen:
		v.Add("bank_ref", "too_long", "银行流水号不能超过64个字符")
	}
	return v.Err()
}

// Day returns the calendar day of t (in t's zone) as midnight UTC.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AmountMismatch is the error of a receipt whose amount is not the amount due.
func AmountMismatch(dueFen, gotFen int64) error {
	msg := fmt.Sprintf("到账金额与应缴会费不符：应缴%s，实际%s", Yuan(dueFen), Yuan(gotFen))
	return &apperr.Error{Kind: apperr.KindInvalid, Code: ErrAmountMismatch, Message: msg,
		Fields: []apperr.FieldError{{Field: "amount", Code: ErrAmountMismatch, Message: msg}}}
}

// FeesDeductedFen returns the bank fees deducted from a confirmed payment: the
// fee due less what arrived (zero when the full amount arrived or the payment
// is not confirmed).
func (p *Payment) FeesDeductedFen() int64 {
	if p.status != StatusConfirmed || p.paidFen >= p.amountFen {
		return 0
	}
	return p.amountFen - p.paidFen
}

func (p *Payment) open(action string) error {
	if p.status != StatusOpen {
		return apperr.Conflict(ErrAlreadyHandled,
			fmt.Sprintf("该缴费记录已被处理（%s），不能%s", p.status.Label(), action))
	}
	return nil
}

// Confirm records the money: the payment must be open and the receipt must
// count as money (a sandbox gateway's report does not: a Conflict
// ErrSandboxUnconfirmed, see ReportSandbox). An amount short of what is due by
// no more than the tolerance confirms it (the shortfall is fees deducted); a
// larger shortfall is a partial payment (StatusPartial, the balance stays due)
// when the receipt allows it, else an Invalid error; more than is due confirms
// it and records the excess as a refund due. Nothing changes on an error.
// Finance confirming a sandbox-reported order keeps its trade number and its
// sandbox mark.
func (p *Payment) Confirm(r Receipt, now time.Time) error {
	if err := p.open("确认"); err != nil {
		return err
	}
	if !r.CountsAsMoney() {
		return sandboxUnconfirmed()
	}
	short := p.amountFen - r.AmountFen
	if short > max(r.ToleranceFen, 0) {
		if !r.AllowPartial {
			return partialRefused(p.amountFen, r.AmountFen, r.ToleranceFen)
		}
		p.record(r, now)
		p.status = StatusPartial
		return nil
	}
	p.record(r, now)
	p.status = StatusConfirmed
	p.owe(-short)
	return nil
}

// MarkDuplicate records money that arrived for an open payment (or a claim
// closed because another payment covered the fee) although the fee was already
// paid another way: it is kept as a refund due (退款待办), not counted.
func (p *Payment) MarkDuplicate(r Receipt, now time.Time) error {
	if !p.ClosedClaim() {
		if err := p.open("记录"); err != nil {
			return err
		}
	}
	p.record(r, now)
	p.status = StatusDuplicate
	p.reason = "会费已通过其他方式缴纳，本笔款项需退款"
	p.owe(r.AmountFen)
	return nil
}

// ClosedClaim reports whether the payment is a transfer or voucher claim that
// was closed because another payment covered the fee: money finance later
// finds for it is a duplicate.
func (p *Payment) ClosedClaim() bool {
	return p.status == StatusClosed && p.method != MethodAlipay
}

func (p *Payment) record(r Receipt, now time.Time) {
	p.paidFen = r.AmountFen
	p.paidOn = Day(r.PaidOn)
	p.bankRef = NormalizeBankRef(r.BankRef)
	if r.TradeNo != "" { // finance's confirmation of a sandbox report keeps its trade number
		p.tradeNo = r.TradeNo
	}
	p.source = r.Source
	p.sandbox = p.sandbox || r.Sandbox
	p.staffID = r.StaffID
	p.handled = now
	p.updated = now
}

// Reject returns a claim finance found no money for, with a reason. Online orders
// are never rejected by hand, except one a sandbox reported paid (no money
// moved: finance may refuse to count it).
func (p *Payment) Reject(reason, staffID string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	if reason == "" {
		v.Add("reason", "required", "请填写退回原因")
	} else if utf8.RuneCountInString(reason) > member.MaxReasonLen {
		v.Add("reason", "too_long", "原因不能超过500个字符")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if p.method == MethodAlipay && !p.SandboxReported() {
		return apperr.Conflict(ErrNotClaim, "在线支付订单由支付平台确认，不能退回")
	}
	if err := p.open("退回"); err != nil {
		return err
	}
	p.status = StatusRejected
	p.reason = reason
	p.staffID = staffID
	p.handled = now
	p.updated = now
	return nil
}

// Close ends an open payment that no longer counts (another payment covered the
// fee, or the gateway closed the order). Closing a handled payment does nothing.
func (p *Payment) Close(reason string, now time.Time) {
	if p.status != StatusOpen {
		return
	}
	p.status = StatusClosed
	p.reason = reason
	p.handled = now
	p.updated = now
}

// Reopen opens again an online order the gateway closed unpaid and then reported
// paid after all: the money counts, so the order must be open again for Confirm or
// MarkDuplicate. Only a closed online order reopens; anything else is an apperr
// Conflict ErrAlreadyHandled and nothing changes.
func (p *Payment) Reopen() error {
	if p.status != StatusClosed || p.method != MethodAlipay {
		return apperr.Conflict(ErrAlreadyHandled,
			fmt.Sprintf("该缴费记录已被处理（%s），不能重新打开", p.status.Label()))
	}
	p.status = StatusOpen
	return nil
}
