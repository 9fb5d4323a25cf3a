package payment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// StatusPartial is a payment finance confirmed for less than was due (beyond
// the bank-fee tolerance): the money counts, the balance stays due until a
// later payment completes the fee (CompletedBy is then set).
const StatusPartial Status = "partial"

// RefundState is where the refund of money received beyond what was due
// stands (退款待办).
type RefundState string

// The refund states.
const (
	RefundNone     RefundState = ""         // nothing to refund
	RefundDue      RefundState = "due"      // 退款待办: the excess or duplicate waits to be refunded
	RefundRefunded RefundState = "refunded" // finance marked it refunded
)

// Label returns the Chinese label (empty for RefundNone).
func (s RefundState) Label() string {
	switch s {
	case RefundDue:
		return "退款待办"
	case RefundRefunded:
		return "已退款"
	}
	return ""
}

// Refund is finance's record of money paid back: the day, the bank's
// reference and an optional note.
type Refund struct {
	On      time.Time
	Ref     string
	Note    string
	StaffID string
}

// Codes of the money cases' errors.
const (
	ErrRefundNotDue = "refund_not_due"
	ErrRefundDone   = "refund_already_done"
)

// MaxRefundNoteLen bounds a refund's note.
const MaxRefundNoteLen = 500

// BalanceFen returns what the payment left owing when it was confirmed as a
// partial payment (what was due less what arrived); zero otherwise.
func (p *Payment) BalanceFen() int64 {
	if p.status != StatusPartial {
		return 0
	}
	return max(p.amountFen-p.paidFen, 0)
}

// Owing reports whether the payment is a partial payment whose balance is still
// due (no later payment completed the fee).
func (p *Payment) Owing() bool { return p.status == StatusPartial && p.completedBy == "" }

// CompletedBy returns the payment that completed the fee a partial payment
// began ("" while the balance is due).
func (p *Payment) CompletedBy() string { return p.completedBy }

// RefundFen returns the money to refund (the excess or the whole duplicate).
func (p *Payment) RefundFen() int64 { return p.refundFen }

// RefundState returns where the refund stands.
func (p *Payment) RefundState() RefundState { return p.refundState }

// RefundInfo returns finance's record of the refund (zero until refunded).
func (p *Payment) RefundInfo() Refund {
	return Refund{On: p.refundedOn, Ref: p.refundRef, Note: p.refundNote, StaffID: p.refundBy}
}

// RefundedAt returns when finance marked the refund (zero until then).
func (p *Payment) RefundedAt() time.Time { return p.refundAt }

// Complete records that payment by completed the fee this partial payment
// began; anything but an owing partial payment is left alone.
func (p *Payment) Complete(by string, now time.Time) {
	if !p.Owing() || by == "" {
		return
	}
	p.completedBy = by
	p.updated = now
}

// Paid sums what the owing partial payments of purpose among ps brought in:
// the part of the fee already paid.
func Paid(ps []*Payment, purpose Purpose) int64 {
	var sum int64
	for _, p := range ps {
		if p.Owing() && p.purpose == purpose {
			sum += p.paidFen
		}
	}
	return sum
}

// OwingText is how pages word a fee partly paid: 「已缴¥4000，尚欠¥1000」.
func OwingText(paidFen, owingFen int64) string {
	return fmt.Sprintf("已缴%s，尚欠%s", Yuan(paidFen), Yuan(owingFen))
}

// CheckRefund validates finance's record of a refund: the day (required, not
// after today), the reference (required, ≤ 64) and the note (≤ 500). Fields:
// refunded_on, refund_ref, note.
func CheckRefund(r Refund, today time.Time) error {
	var v apperr.Validation
	switch {
	case r.On.IsZero():
		v.Add("refunded_on", "required", "请填写退款日期")
	case Day(r.On).After(Day(today)):
		v.Add("refunded_on", "date_future", "退款日期不能晚于今天")
	}
	switch ref := NormalizeBankRef(r.Ref); {
	case ref == "":
		v.Add("refund_ref", "required", "请填写退款凭证号（银行流水号）")
	case utf8.RuneCountInString(ref) > MaxBankRefLen:
		v.Add("refund_ref", "too_long", "退款凭证号不能超过64个字符")
	}
	if utf8.RuneCountInString(strings.TrimSpace(r.Note)) > MaxRefundNoteLen {
		v.Add("note", "too_long", "备注不能超过500个字符")
	}
	return v.Err()
}

// MarkRefunded records that the money to refund was paid back. A payment with
// nothing to refund, or one already marked, is a Conflict and nothing changes.
func (p *Payment) MarkRefunded(r Refund, today, now time.Time) error {
	if err := CheckRefund(r, today); err != nil {
		return err
	}
	switch p.refundState {
	case RefundRefunded:
		return apperr.Conflict(ErrRefundDone, fmt.Sprintf("该笔退款已于%s标记为已退款（凭证号 %s），无需重复操作",
			p.refundedOn.Format(time.DateOnly), p.refundRef))
	case RefundDue:
	default:
		return apperr.Conflict(ErrRefundNotDue, "该缴费记录没有待退款项")
	}
	p.refundState = RefundRefunded
	p.refundedOn = Day(r.On)
	p.refundRef = NormalizeBankRef(r.Ref)
	p.refundNote = strings.TrimSpace(r.Note)
	p.refundBy = r.StaffID
	p.refundAt = now
	p.updated = now
	return nil
}

// owe records money to refund.
func (p *Payment) owe(fen int64) {
	if fen > 0 {
		p.refundFen = fen
		p.refundState = RefundDue
	}
}

// partialRefused is the error of a shortfall finance did not say was a partial
// payment.
func partialRefused(dueFen, gotFen, toleranceFen int64) error {
	msg := fmt.Sprintf("到账金额少于应缴：应缴%s，实际%s。如确为部分缴费，请勾选「按部分缴费登记」，余额%s将继续向会员收取",
		Yuan(dueFen), Yuan(gotFen), Yuan(dueFen-gotFen))
	if toleranceFen > 0 {
		msg += fmt.Sprintf("（少收不超过%s的银行手续费可按足额确认）", Yuan(toleranceFen))
	}
	return &apperr.Error{Kind: apperr.KindInvalid, Code: ErrAmountMismatch, Message: msg,
		Fields: []apperr.FieldError{{Field: "amount", Code: ErrAmountMismatch, Message: msg}}}
}
