package payment

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/id"
)

// Payment is one payment of a member: a claim finance confirms or rejects, or an
// online order the gateway confirms. Its fields are private: payments change only
// inside the owning member's update (the member's lock guards them), through the
// methods that check the rules (Confirm, MarkDuplicate, Reject, Close, Reopen).
type Payment struct {
	id         string
	memberID   string
	purpose    Purpose
	method     Method
	status     Status
	amountFen  int64
	outTradeNo string
	voucher    Voucher

	paidFen int64
	paidOn  time.Time
	bankRef string
	tradeNo string
	source  string
	sandbox bool
	staffID string
	reason  string
	handled time.Time
	created time.Time
	updated time.Time

	completedBy string
	refundFen   int64
	refundState RefundState
	refundedOn  time.Time
	refundRef   string
	refundNote  string
	refundBy    string
	refundAt    time.Time
}

// Snapshot is the stored form of a Payment, used only by storage adapters (and
// tests that need a payment in a given state).
type Snapshot struct {
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

	// CompletedBy is, for a partial payment, the payment that completed the fee.
	CompletedBy string
	// RefundFen is money received beyond what was due (or a whole duplicate),
	// RefundState where its refund stands, and the rest finance's record of it.
	RefundFen   int64
	RefundState RefundState
	RefundedOn  time.Time
	RefundRef   string
	RefundNote  string
	RefundBy    string
	RefundAt    time.Time
}

// Restore rebuilds a payment from its stored form. It is the one constructor
// storage adapters use; it checks nothing (the stored payment passed the rules
// when it was made).
func Restore(s Snapshot) *Payment {
	return &Payment{
		id: s.ID, memberID: s.MemberID, purpose: s.Purpose, method: s.Method, status: s.Status,
		amountFen: s.AmountFen, outTradeNo: s.OutTradeNo, voucher: s.Voucher,
		paidFen: s.PaidFen, paidOn: s.PaidOn, bankRef: s.BankRef, tradeNo: s.TradeNo, source: s.Source,
		sandbox: s.Sandbox, staffID: s.StaffID, reason: s.Reason, handled: s.Handled,
		created: s.Created, updated: s.Updated,
		completedBy: s.CompletedBy, refundFen: s.RefundFen, refundState: s.RefundState, refundedOn: s.RefundedOn,
		refundRef: s.RefundRef, refundNote: s.RefundNote, refundBy: s.RefundBy, refundAt: s.RefundAt,
	}
}

// Snapshot returns the stored form of the payment.
func (p *Payment) Snapshot() Snapshot {
	return Snapshot{
		ID: p.id, MemberID: p.memberID, Purpose: p.purpose, Method: p.method, Status: p.status,
		AmountFen: p.amountFen, OutTradeNo: p.outTradeNo, Voucher: p.voucher,
		PaidFen: p.paidFen, PaidOn: p.paidOn, BankRef: p.bankRef, TradeNo: p.tradeNo, Source: p.source,
		Sandbox: p.sandbox, StaffID: p.staffID, Reason: p.reason, Handled: p.handled,
		Created: p.created, Updated: p.updated,
		CompletedBy: p.completedBy, RefundFen: p.refundFen, RefundState: p.refundState, RefundedOn: p.refundedOn,
		RefundRef: p.refundRef, RefundNote: p.refundNote, RefundBy: p.refundBy, RefundAt: p.refundAt,
	}
}

// NewClaim opens a transfer claim (with a voucher for MethodVoucher) for the
// amount due.
func NewClaim(memberID string, purpose Purpose, method Method, amountFen int64, v Voucher, now time.Time) (*Payment, error) {
	if memberID == "" || amountFen <= 0 || (method != MethodTransfer && method != MethodVoucher) ||
		(method == MethodVoucher) != v.Present() {
		return nil, fmt.Errorf("payment: bad claim of member %q: %s %d %+v", memberID, method, amountFen, v)
	}
	return &Payment{id: id.New(now), memberID: memberID, purpose: purpose, method: method, status: StatusOpen,
		amountFen: amountFen, voucher: v, created: now, updated: now}, nil
}

// NewOrder opens an online order; its ID is also the out_trade_no.
func NewOrder(memberID string, purpose Purpose, amountFen int64, now time.Time) (*Payment, error) {
	if memberID == "" || amountFen <= 0 {
		return nil, fmt.Errorf("payment: bad order of member %q: %d", memberID, amountFen)
	}
	pid := id.New(now)
	return &Payment{id: pid, memberID: memberID, purpose: purpose, method: MethodAlipay, status: StatusOpen,
		amountFen: amountFen, outTradeNo: pid, created: now, updated: now}, nil
}

// ID returns the payment's identity.
func (p *Payment) ID() string { return p.id }

// MemberID returns the identity of the member who pays.
func (p *Payment) MemberID() string { return p.memberID }

// Purpose returns whether the payment is a first fee or a renewal.
func (p *Payment) Purpose() Purpose { return p.purpose }

// Method returns how the member pays.
func (p *Payment) Method() Method { return p.method }

// Status returns the payment's state.
func (p *Payment) Status() Status { return p.status }

// AmountFen returns what is due (claims) or ordered (online orders), in fen.
func (p *Payment) AmountFen() int64 { return p.amountFen }

// OutTradeNo returns an online order's number at the gateway (empty for claims).
func (p *Payment) OutTradeNo() string { return p.outTradeNo }

// Voucher returns the uploaded 缴费凭证 (absent unless the method is voucher).
func (p *Payment) Voucher() Voucher { return p.voucher }

// PaidFen returns the amount that arrived (set when confirmed or found duplicate).
func (p *Payment) PaidFen() int64 { return p.paidFen }

// PaidOn returns the day the money arrived (midnight UTC of the calendar day).
func (p *Payment) PaidOn() time.Time { return p.paidOn }

// BankRef returns the bank's transaction reference (流水号) of a transfer.
func (p *Payment) BankRef() string { return p.bankRef }

// TradeNo returns the gateway's transaction number of an online payment.
func (p *Payment) TradeNo() string { return p.tradeNo }

// Source returns who confirmed: SourceFinance, SourceStatement or SourceGateway.
func (p *Payment) Source() string { return p.source }

// Sandbox reports whether a sandbox gateway reported the payment paid: no real
// money moved, whatever its status says.
func (p *Payment) Sandbox() bool { return p.sandbox }

// StaffID returns the finance staff who confirmed or rejected the payment.
func (p *Payment) StaffID() string { return p.staffID }

// Reason returns the rejection or closing reason.
func (p *Payment) Reason() string { return p.reason }

// Handled returns when the payment was confirmed, rejected or closed (zero while open).
func (p *Payment) Handled() time.Time { return p.handled }

// Created returns when the payment was opened.
func (p *Payment) Created() time.Time { return p.created }

// Updated returns when the payment last changed.
func (p *Payment) Updated() time.Time { return p.updated }
