package payment

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
)

// Purpose tells a first fee from a renewal.
type Purpose string

// The purposes.
const (
	PurposeJoin    Purpose = "join"    // the first fee after the application was approved
	PurposeRenewal Purpose = "renewal" // a renewal: validity + one year from the old end date
)

// Label returns the Chinese label.
func (p Purpose) Label() string {
	if p == PurposeRenewal {
		return "续费"
	}
	return "入会会费"
}

// PurposeFor returns the purpose of a payment a member in status s makes now,
// and false when the member has nothing to pay: approved or claimed members pay
// the first fee, expiring or lapsed ones renew.
func PurposeFor(s member.Status) (Purpose, bool) {
	switch s {
	case member.StatusApproved, member.StatusPaymentClaimed:
		return PurposeJoin, true
	case member.StatusExpiring, member.StatusLapsed:
		return PurposeRenewal, true
	}
	return "", false
}

// Method is how the member paid.
type Method string

// The methods.
const (
	MethodTransfer Method = "transfer" // bank transfer, claimed with 「申请查看缴费状态」 or found on a statement
	MethodVoucher  Method = "voucher"  // bank transfer with an uploaded 缴费凭证
	MethodAlipay   Method = "alipay"   // Alipay web page payment
)

// Label returns the Chinese label.
func (m Method) Label() string {
	switch m {
	case MethodVoucher:
		return "转账（缴费凭证）"
	case MethodAlipay:
		return "支付宝"
	}
	return "银行转账"
}

// Status is a payment's state.
type Status string

// The statuses. Open claims wait for finance, open orders for the gateway.
const (
	StatusOpen      Status = "open"      // claimed / ordered, not yet confirmed
	StatusConfirmed Status = "confirmed" // the money arrived and counts for the fee
	StatusRejected  Status = "rejected"  // finance found no money for the claim
	StatusClosed    Status = "closed"    // superseded by another payment, or the order was closed unpaid
	StatusDuplicate Status = "duplicate" // the money arrived but the fee was already paid: to refund
)

// Label returns the Chinese label.
func (s Status) Label() string {
	switch s {
	case StatusOpen:
		return "待确认"
	case StatusConfirmed:
		return "已确认"
	case StatusRejected:
		return "已退回"
	case StatusClosed:
		return "已关闭"
	case StatusDuplicate:
		return "重复缴费（待退款）"
	}
	return string(s)
}

// Voucher is an uploaded 缴费凭证 (PDF or JPEG).
type Voucher struct {
	Key         string
	ContentType string
	Size        int64
	FileName    string
}

// Present reports whether a voucher is attached.
func (v Voucher) Present() bool { return v.Key != "" }

// Content types and the size limit of vouchers.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeJPEG = "image/jpeg"
	MaxVoucherBytes = 10 << 20
)

// Extension returns the file extension of the voucher's content type.
func (v Voucher) Extension() string {
	if v.ContentType == ContentTypePDF {
		return ".pdf"
	}
	return ".jpg"
}

// Payment is one payment of a member: a claim finance confirms or rejects, or an
// online order the gateway confirms. Payments change only inside the owning
// member's update (the member's lock guards them), with the methods below.
type Payment struct {
	ID         string
	MemberID   string
	Purpose    Purpose
	Method     Method
	Status     Status
	AmountFen  int64  // what is due (claims) or ordered (online)
	OutTradeNo string // online orders: our order number
	Voucher    Voucher

	// Set when confirmed (or found duplicate).
	PaidFen int64
	PaidOn  time.Time // the day the money arrived (midnight UTC of the calendar day)
	BankRef string    // the bank's transaction reference (流水号), transfers
	TradeNo string    // the gateway's transaction number, online payments
	Source  string    // who confirmed: "finance", "statement", "gateway"
	// Sandbox marks a payment a sandbox gateway reported paid: no real money
	// moved, whatever its status says.
	Sandbox bool
	StaffID string    // the finance staff who confirmed or rejected
	Reason  string    // rejection or closing reason
	Handled time.Time // when confirmed, rejected or closed
	Created time.Time
	Updated time.Time
}

// Sources of a confirmation.
const (
	SourceFinance   = "finance"
	SourceStatement = "statement"
	SourceGateway   = "gateway"
)

// MaxBankRefLen bounds a bank reference.
const MaxBankRefLen = 64

// NewClaim opens a transfer claim (with a voucher for MethodVoucher) for the
// amount due.
func NewClaim(memberID string, purpose Purpose, method Method, amountFen int64, v Voucher, now time.Time) (*Payment, error) {
	if memberID == "" || amountFen <= 0 || (method != MethodTransfer && method != MethodVoucher) ||
		(method == MethodVoucher) != v.Present() {
		return nil, fmt.Errorf("payment: bad claim of member %q: %s %d %+v", memberID, method, amountFen, v)
	}
	return &Payment{ID: id.New(now), MemberID: memberID, Purpose: purpose, Method: method, Status: StatusOpen,
		AmountFen: amountFen, Voucher: v, Created: now, Updated: now}, nil
}

// NewOrder opens an online order; its ID is also the out_trade_no.
func NewOrder(memberID string, purpose Purpose, amountFen int64, now time.Time) (*Payment, error) {
	if memberID == "" || amountFen <= 0 {
		return nil, fmt.Errorf("payment: bad order of member %q: %d", memberID, amountFen)
	}
	pid := id.New(now)
	return &Payment{ID: pid, MemberID: memberID, Purpose: purpose, Method: MethodAlipay, Status: StatusOpen,
		AmountFen: amountFen, OutTradeNo: pid, Created: now, Updated: now}, nil
}

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

func (p *Payment) open(action string) error {
	if p.Status != StatusOpen {
		return apperr.Conflict(ErrAlreadyHandled,
			fmt.Sprintf("该缴费记录已被处理（%s），不能%s", p.Status.Label(), action))
	}
	return nil
}

// Confirm records the money: the payment must be open and the amount must be
// the amount due (an Invalid ErrAmountMismatch otherwise, nothing changes).
func (p *Payment) Confirm(r Receipt, now time.Time) error {
	if err := p.open("确认"); err != nil {
		return err
	}
	if r.AmountFen != p.AmountFen {
		return AmountMismatch(p.AmountFen, r.AmountFen)
	}
	p.record(r, now)
	p.Status = StatusConfirmed
	return nil
}

// MarkDuplicate records money that arrived for an open order although the fee
// was already paid another way: it is kept (to refund), not counted.
func (p *Payment) MarkDuplicate(r Receipt, now time.Time) error {
	if err := p.open("记录"); err != nil {
		return err
	}
	p.record(r, now)
	p.Status = StatusDuplicate
	p.Reason = "会费已通过其他方式缴纳，本笔款项需退款"
	return nil
}

func (p *Payment) record(r Receipt, now time.Time) {
	p.PaidFen = r.AmountFen
	p.PaidOn = Day(r.PaidOn)
	p.BankRef = NormalizeBankRef(r.BankRef)
	p.TradeNo = r.TradeNo
	p.Source = r.Source
	p.Sandbox = r.Sandbox
	p.StaffID = r.StaffID
	p.Handled = now
	p.Updated = now
}

// Reject returns a claim finance found no money for, with a reason. Online orders
// are never rejected by hand.
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
	if p.Method == MethodAlipay {
		return apperr.Conflict(ErrNotClaim, "在线支付订单由支付平台确认，不能退回")
	}
	if err := p.open("退回"); err != nil {
		return err
	}
	p.Status = StatusRejected
	p.Reason = reason
	p.StaffID = staffID
	p.Handled = now
	p.Updated = now
	return nil
}

// Close ends an open payment that no longer counts (another payment covered the
// fee, or the gateway closed the order). Closing a handled payment does nothing.
func (p *Payment) Close(reason string, now time.Time) {
	if p.Status != StatusOpen {
		return
	}
	p.Status = StatusClosed
	p.Reason = reason
	p.Handled = now
	p.Updated = now
}
