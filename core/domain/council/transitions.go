package council

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// MaxReasonLen bounds a return's reason.
const MaxReasonLen = 500

// Save writes the member's values and rows into the form as a draft, or as
// submitted (已完善) when submit is set. The values must be normalized and
// checked (Check) before. A submitted or accepted form is read-only: a
// Conflict (ErrLocked).
func (f *Form) Save(values map[string]string, rows []Row, submit bool, now time.Time) error {
	if !f.Status.Editable() {
		return apperr.Conflict(ErrLocked, "该资料已提交，工作人员退回后方可修改")
	}
	f.Values, f.Rows, f.UpdatedAt = values, rows, now
	if f.CreatedAt.IsZero() {
		f.CreatedAt = now
	}
	if !submit {
		if f.Status == "" {
			f.Status = Draft
		}
		return nil
	}
	f.Status, f.SubmittedAt = Submitted, now
	return nil
}

// Return gives a submitted (or accepted) form back to the member with a
// reason; the member sees it and may edit again.
func (f *Form) Return(reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	if reason == "" {
		v.Add("reason", "required", "请填写退回原因")
	} else if utf8.RuneCountInString(reason) > MaxReasonLen {
		v.Add("reason", "too_long", "退回原因不能超过500个字符")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if !f.Status.Complete() {
		return apperr.Conflict(ErrNotPending, "该资料尚未提交或已被退回，无法退回")
	}
	f.Status, f.ReturnReason, f.ReviewedAt, f.UpdatedAt = Returned, reason, now, now
	return nil
}

// Accept takes a submitted form as complete (已确认).
func (f *Form) Accept(now time.Time) error {
	if f.Status != Submitted {
		return apperr.Conflict(ErrNotPending, "只有待确认的资料可以确认")
	}
	f.Status, f.ReviewedAt, f.UpdatedAt = Accepted, now, now
	return nil
}
