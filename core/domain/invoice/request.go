package invoice

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/payment"
)

// Issued is what finance records when it issues an invoice.
type Issued struct {
	Number    string    // the invoice number (发票号码)
	Date      time.Time // the invoice date (midnight UTC of the calendar day)
	AmountFen int64
	File      File // the e-invoice (PDF, OFD or XML)
	StaffID   string
	At        time.Time
}

// Advance is the advance invoice's (借发票) part of a request.
type Advance struct {
	AdvanceForm
	Scan           File   // the stamped 《提前开票申请》
	FeeDueFen      int64  // the fee due when requested
	SettledBy      string // the payment that settled it
	SettledAt      time.Time
	WriteOffReason string
	WrittenOffBy   string
	WrittenOffAt   time.Time
}

// Snapshot is the stored form of a Request, for storage adapters and tests.
type Snapshot struct {
	ID         string
	MemberID   string
	MemberName string // the member's name when it asked, for finance's lists
	PaymentID  string // the payment invoiced (empty for an unsettled advance)
	IsAdvance  bool
	Details    Details
	AmountFen  int64
	State      State
	Issued     Issued
	Advance    Advance
	Reason     string // why finance returned or voided it
	HandledBy  string // the finance staff who returned or voided it
	Replaces   string // the voided request this one re-issues
	Created    time.Time
	Updated    time.Time
	// Version is the stored version the request was loaded at; Save stores the
	// request only if it is still that version (another finance user may have
	// acted meanwhile).
	Version int64
}

// Request is one invoice request. Its state changes only through its methods,
// which check the rules.
type Request struct{ s Snapshot }

// Restore rebuilds a request from its stored form.
func Restore(s Snapshot) *Request { return &Request{s: s} }

// Snapshot returns the stored form.
func (r *Request) Snapshot() Snapshot { return r.s }

// ID returns the request's identity.
func (r *Request) ID() string { return r.s.ID }

// MemberID returns the member's identity.
func (r *Request) MemberID() string { return r.s.MemberID }

// PaymentID returns the payment invoiced (empty for an unsettled advance).
func (r *Request) PaymentID() string { return r.s.PaymentID }

// State returns the request's state.
func (r *Request) State() State { return r.s.State }

// IsAdvance reports whether it is an advance invoice (借发票).
func (r *Request) IsAdvance() bool { return r.s.IsAdvance }

// AmountFen returns the invoice's amount.
func (r *Request) AmountFen() int64 { return r.s.AmountFen }

// Details returns what the member filled in.
func (r *Request) Details() Details { return r.s.Details }

// Issued returns what finance recorded when issuing (zero before).
func (r *Request) Issued() Issued { return r.s.Issued }

// Version returns the stored version it was loaded at.
func (r *Request) Version() int64 { return r.s.Version }

// NewRequest asks for the invoice of payment p of member memberID. The
// payment must be the member's and confirmed (or a partial payment: it is
// invoiced for what arrived); its amount is what arrived, less an excess to
// refund.
func NewRequest(memberID, memberName string, p *payment.Payment, d Details, taxIDRequired bool,
	now time.Time) (*Request, error) {
	if p == nil || p.MemberID() != memberID {
		return nil, apperr.NotFound("payment_not_found", "缴费记录不存在")
	}
	if (p.Status() != payment.StatusConfirmed && p.Status() != payment.StatusPartial) || p.Sandbox() {
		return nil, apperr.FieldConflict("payment_id", ErrNotConfirmed, "该笔缴费尚未确认到账，不能申请发票")
	}
	d = d.Normalize()
	if err := d.Validate(taxIDRequired); err != nil {
		return nil, err
	}
	// A fee confirmed in full although bank fees were deducted on the way is
	// invoiced for the whole fee.
	// An excess finance refunds (退款待办) is no fee.
	amount := p.PaidFen() + p.FeesDeductedFen() - p.RefundFen()
	if amount <= 0 {
		amount = p.AmountFen()
	}
	return &Request{s: Snapshot{ID: id.New(now), MemberID: memberID, MemberName: memberName, PaymentID: p.ID(),
		Details: d, AmountFen: amount, State: StatePending, Created: now, Updated: now}}, nil
}

// NewAdvance asks for an advance invoice (借发票) of feeDueFen, the fee the
// member owes now: amountFen must be exactly that.
func NewAdvance(memberID, memberName string, d Details, a AdvanceForm, amountFen, feeDueFen int64,
	taxIDRequired bool, today, now time.Time) (*Request, error) {
	d = d.Normalize()
	var errs []error
	if err := d.Validate(taxIDRequired); err != nil {
		errs = append(errs, err)
	}
	if err := a.Validate(today); err != nil {
		errs = append(errs, err)
	}
	if feeDueFen <= 0 {
		return nil, apperr.Conflict("nothing_due", "当前没有应缴会费，无需借发票")
	}
	if amountFen != feeDueFen {
		var v apperr.Validation
		v.Add("amount", ErrAmount, fmt.Sprintf("借发票金额须等于应缴会费 %s", payment.Yuan(feeDueFen)))
		errs = append(errs, v.Err())
	}
	if err := mergeValidation(errs...); err != nil {
		return nil, err
	}
	return &Request{s: Snapshot{ID: id.New(now), MemberID: memberID, MemberName: memberName, IsAdvance: true,
		Details: d, AmountFen: amountFen, State: StatePending,
		Advance: Advance{AdvanceForm: a, FeeDueFen: feeDueFen}, Created: now, Updated: now}}, nil
}

// mergeValidation joins the field problems of several validations.
func mergeValidation(errs ...error) error {
	var v apperr.Validation
	var other error
	for _, err := range errs {
		e := apperr.As(err)
		if e == nil || e.Kind != apperr.KindInvalid {
			other = err
			continue
		}
		for _, f := range e.Fields {
			v.Add(f.Field, f.Code, f.Message)
		}
	}
	if other != nil {
		return other
	}
	return v.Err()
}
