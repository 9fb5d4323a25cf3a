// Package infochange is a member's request to change its own data (信息变更):
// the proposed name and application form with a proof (变更证明材料), which a
// reviewer approves (the change then applies to the member) or rejects with
// a reason. Until then nothing of the member changes.
package infochange

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// Status is where a request stands.
type Status string

// The statuses.
const (
	Pending   Status = "pending"   // 待审核
	Approved  Status = "approved"  // 已通过
	Rejected  Status = "rejected"  // 未通过
	Withdrawn Status = "withdrawn" // 已撤回
)

// Statuses lists the statuses in the order the queue's tabs show them.
func Statuses() []Status { return []Status{Pending, Approved, Rejected, Withdrawn} }

// Label is the status's Chinese name.
func (s Status) Label() string {
	switch s {
	case Pending:
		return "待审核"
	case Approved:
		return "已通过"
	case Rejected:
		return "未通过"
	case Withdrawn:
		return "已撤回"
	}
	return string(s)
}

// Valid tells whether s is one of the statuses.
func (s Status) Valid() bool {
	return s == Pending || s == Approved || s == Rejected || s == Withdrawn
}

// Error codes.
const (
	ErrNotFound      = "info_change_not_found"
	ErrPending       = "info_change_pending"
	ErrNotPending    = "info_change_not_pending"
	ErrNoChange      = "no_change"
	ErrProofRequired = "proof_required"
	ErrNameTaken     = "name_taken"
	ErrUSCCTaken     = "uscc_taken"
)

// MaxProofBytes bounds a proof's decoded size (10 MB).
const MaxProofBytes = 10 << 20

// MaxReasonLen bounds a rejection's reason, in characters.
const MaxReasonLen = 500

// ProofField is the form field of the proof.
const ProofField = "proof"

// NotFoundError is the answer for a request that does not exist or is
// another member's.
func NotFoundError() error { return apperr.NotFound(ErrNotFound, "信息变更申请不存在") }

// PendingError is the refusal of a second pending request of a member.
func PendingError() error {
	return apperr.Conflict(ErrPending, "您已有一条待审核的信息变更申请，请等待审核或撤回后再提交")
}

// Proof is the stored proof file.
type Proof struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Format string `json:"format"` // pdf, jpg or png
	Size   int64  `json:"size"`
}

// IsImage tells whether the proof can be shown inline.
func (p Proof) IsImage() bool { return p.Format == "jpg" || p.Format == "png" }

// ContentType is the proof's media type.
func (p Proof) ContentType() string {
	switch p.Format {
	case "pdf":
		return "application/pdf"
	case "png":
		return "image/png"
	}
	return "image/jpeg"
}

// Change is one changed field: its label and values before → after.
type Change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Request is one 信息变更 request.
type Request struct {
	ID         string
	MemberID   string
	Kind       member.Kind
	MemberName string // the member's name when it asked
	Number     string // the member number when it asked
	Status     Status
	// Name and the form of the member's kind are what the member asked for.
	Name       string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	// Before and After are the member's profile (member.Profile) when it asked
	// and as asked: what the reviewer compares.
	Before map[string]string
	After  map[string]string
	Proof  Proof
	// Reason is a rejection's reason.
	Reason    string
	CreatedAt time.Time
	DecidedAt time.Time // zero while pending
	DecidedBy string    // the staff account that decided
}

// Changes lists the fields whose values differ, in form order.
func (r Request) Changes() []Change {
	var out []Change
	for _, f := range member.ProfileFields(r.Kind) {
		if r.Before[f[0]] != r.After[f[0]] {
			out = append(out, Change{Field: f[0], Label: f[1], Before: r.Before[f[0]], After: r.After[f[0]]})
		}
	}
	return out
}

// Rows lists every field with its values before → after and whether it changed,
// in form order: the reviewer's side-by-side view.
func (r Request) Rows() []Row {
	fs := member.ProfileFields(r.Kind)
	out := make([]Row, len(fs))
	for i, f := range fs {
		b, a := r.Before[f[0]], r.After[f[0]]
		out[i] = Row{Change: Change{Field: f[0], Label: f[1], Before: b, After: a}, Changed: b != a}
	}
	return out
}

// Row is one field of the side-by-side view.
type Row struct {
	Change
	Changed bool
}

// ChangedLabels lists the labels of the changed fields.
func (r Request) ChangedLabels() []string {
	cs := r.Changes()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label
	}
	return out
}

// NewName tells the name the request gives (the member's name when unchanged).
func (r Request) NewName() string { return r.After["name"] }

// USCC is the proposed 统一社会信用代码 (enterprises; empty otherwise).
func (r Request) USCC() string {
	if r.Enterprise == nil {
		return ""
	}
	return r.Enterprise.USCC
}

// Approve marks the request approved by staffID.
func (r *Request) Approve(staffID string, now time.Time) error {
	if r.Status != Pending {
		return notPending()
	}
	r.Status, r.DecidedAt, r.DecidedBy = Approved, now, staffID
	return nil
}

// Reject marks the request rejected by staffID with a reason (required).
func (r *Request) Reject(staffID, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	switch {
	case reason == "":
		v.Add("reason", "required", "请填写未通过的原因")
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		v.Add("reason", "too_long", "原因不能超过500个字符")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if r.Status != Pending {
		return notPending()
	}
	r.Status, r.Reason, r.DecidedAt, r.DecidedBy = Rejected, reason, now, staffID
	return nil
}

// Withdraw marks the request withdrawn by its member.
func (r *Request) Withdraw(now time.Time) error {
	if r.Status != Pending {
		return notPending()
	}
	r.Status, r.DecidedAt = Withdrawn, now
	return nil
}

func notPending() error {
	return apperr.Conflict(ErrNotPending, "该信息变更申请已处理，请刷新页面查看结果")
}
