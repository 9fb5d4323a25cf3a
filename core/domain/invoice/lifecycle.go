package invoice

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/payment"
)

// MemberName returns the member's name when it asked.
func (r *Request) MemberName() string { return r.s.MemberName }

// Advance returns the advance invoice's part (zero for an ordinary request).
func (r *Request) Advance() Advance { return r.s.Advance }

// Reason returns why finance returned or voided the request.
func (r *Request) Reason() string { return r.s.Reason }

// Replaces returns the voided request this one re-issues.
func (r *Request) Replaces() string { return r.s.Replaces }

// Created returns when the member asked.
func (r *Request) Created() time.Time { return r.s.Created }

// AdvanceState returns where an advance stands (AdvanceNone for an ordinary
// request).
func (r *Request) AdvanceState() AdvanceState {
	if !r.s.IsAdvance {
		return AdvanceNone
	}
	a := r.s.Advance
	switch {
	case !a.SettledAt.IsZero():
		return AdvanceSettled
	case !a.WrittenOffAt.IsZero():
		return AdvanceWrittenOff
	case r.s.State == StatePending:
		return AdvanceRequested
	case r.s.State == StateIssued:
		return AdvanceOpen
	}
	return AdvanceClosed
}

// Overdue reports whether an open advance is past its expected payment day.
func (r *Request) Overdue(today time.Time) bool {
	return r.AdvanceState() == AdvanceOpen && r.s.Advance.ExpectedOn.Before(today)
}

// handled is the Conflict of a request that is no longer pending.
func (r *Request) handled() error {
	return apperr.Conflict(ErrHandled, fmt.Sprintf("该开票申请已处理（%s），请刷新后查看", r.s.State.Label()))
}

// Withdraw is the member's withdrawal of a pending request.
func (r *Request) Withdraw(memberID string, now time.Time) error {
	if r.s.MemberID != memberID {
		return apperr.NotFound("invoice_not_found", "开票申请不存在")
	}
	if r.s.State != StatePending {
		return apperr.Conflict(ErrHandled, fmt.Sprintf("财务已处理该申请（%s），不能撤回", r.s.State.Label()))
	}
	r.s.State, r.s.Updated = StateWithdrawn, now
	return nil
}

// AttachScan stores the stamped 《提前开票申请》 of a pending advance.
func (r *Request) AttachScan(f File, now time.Time) error {
	if !r.s.IsAdvance {
		return apperr.Conflict(ErrNotAdvance, "该申请不是借发票申请")
	}
	if r.s.State != StatePending {
		return r.handled()
	}
	r.s.Advance.Scan, r.s.Updated = f, now
	return nil
}

// Issue records the issued invoice of a pending request: a number, a date not
// in the future, the request's amount and the e-invoice file. An advance needs
// its stamped scan first.
func (r *Request) Issue(is Issued, today, now time.Time) error {
	var v apperr.Validation
	is.Number = strings.TrimSpace(is.Number)
	switch n := utf8.RuneCountInString(is.Number); {
	case n == 0:
		v.Add("number", "required", "请填写发票号码")
	case n < 8 || n > 20 || strings.Trim(is.Number, "0123456789") != "":
		v.Add("number", "invalid", "发票号码应为8至20位数字")
	}
	switch {
	case is.Date.IsZero():
		v.Add("date", "required", "请填写开票日期")
	case is.Date.After(today):
		v.Add("date", "future", "开票日期不能晚于今天")
	}
	if is.AmountFen != r.s.AmountFen {
		v.Add("amount", ErrAmount, fmt.Sprintf("开票金额须等于缴费金额 %s", payment.Yuan(r.s.AmountFen)))
	}
	if !is.File.Present() {
		v.Add("file", "required", "请上传电子发票文件（PDF、OFD 或 XML）")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if r.s.State != StatePending {
		return r.handled()
	}
	if r.s.IsAdvance && !r.s.Advance.Scan.Present() {
		return apperr.Conflict("scan_missing", "会员尚未上传盖章的《提前开票申请》，不能开票")
	}
	is.At = now
	r.s.Issued, r.s.State, r.s.Updated = is, StateIssued, now
	return nil
}

// checkReason checks a reason finance must give.
func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		v.Add("reason", "required", "请填写原因")
	case n > 500:
		v.Add("reason", "too_long", "原因不能超过500个字符")
	}
	return reason, v.Err()
}

// Return is finance's return of a pending request with a reason.
func (r *Request) Return(reason, staffID string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if r.s.State != StatePending {
		return r.handled()
	}
	r.s.State, r.s.Reason, r.s.HandledBy, r.s.Updated = StateReturned, reason, staffID, now
	return nil
}

// Void voids an issued invoice (红冲) with a reason and returns the request
// that re-issues it: pending, with the same payment, details and amount. Both
// are kept. A settled or written-off advance cannot be voided.
func (r *Request) Void(reason, staffID string, now time.Time) (*Request, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return nil, err
	}
	if r.s.State != StateIssued {
		return nil, apperr.Conflict(ErrHandled, fmt.Sprintf("只有已开具的发票可以红冲（当前：%s）", r.s.State.Label()))
	}
	if st := r.AdvanceState(); st == AdvanceWrittenOff {
		return nil, apperr.Conflict(ErrAdvanceSettled, "该借发票已核销，不能红冲")
	}
	next := &Request{s: r.s}
	next.s.ID, next.s.State, next.s.Issued, next.s.Replaces = id.New(now), StatePending, Issued{}, r.s.ID
	next.s.Reason, next.s.HandledBy, next.s.Created, next.s.Updated, next.s.Version = "", "", now, now, 0
	r.s.State, r.s.Reason, r.s.HandledBy, r.s.Updated = StateVoided, reason, staffID, now
	if r.s.IsAdvance && r.s.Advance.SettledAt.IsZero() {
		// The re-issued advance carries the scan: it need not be stamped again.
		next.s.Advance = r.s.Advance
	}
	return next, nil
}

// Settle marks an open advance paid by payment paymentID: it becomes that
// payment's invoice. Settling one that is not open is a Conflict.
func (r *Request) Settle(paymentID string, now time.Time) error {
	if r.AdvanceState() != AdvanceOpen {
		return apperr.Conflict(ErrAdvanceSettled, fmt.Sprintf("该借发票不是未回款状态（%s），不能再次核销", r.AdvanceState().Label()))
	}
	r.s.PaymentID, r.s.Advance.SettledBy, r.s.Advance.SettledAt, r.s.Updated = paymentID, paymentID, now, now
	return nil
}

// WriteOff closes an open advance without payment, with finance's reason.
func (r *Request) WriteOff(reason, staffID string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if r.AdvanceState() != AdvanceOpen {
		return apperr.Conflict(ErrAdvanceSettled, fmt.Sprintf("该借发票不是未回款状态（%s），不能核销", r.AdvanceState().Label()))
	}
	a := &r.s.Advance
	a.WriteOffReason, a.WrittenOffBy, a.WrittenOffAt, r.s.Updated = reason, staffID, now, now
	return nil
}
