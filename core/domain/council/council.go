// Package council is 完善理事资料 (issue 13, item 4): the registration forms a
// member of level 理事 or above completes online — 《理事会副会长候选人推荐登记表》
// and 《理事会副会长干部任免表》 — and the council's 联系人信息, the person the
// association's council mail is addressed to. A form is saved as a draft,
// submitted (已完善, then read-only), and may be returned by the staff with a
// reason (editable again) or accepted (已确认).
package council

import (
	"slices"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// Kind names one of the council's forms.
type Kind string

// The forms of the manual (section 6, 理事及以上).
const (
	Recommend   Kind = "recommend"   // 理事会副会长候选人推荐登记表
	Appointment Kind = "appointment" // 理事会副会长干部任免表
)

// Kinds lists every form in the order the page shows them.
func Kinds() []Kind { return []Kind{Recommend, Appointment} }

// ParseKind parses a form's name in a URL or request.
func ParseKind(s string) (Kind, bool) {
	k := Kind(s)
	return k, slices.Contains(Kinds(), k)
}

// Title is the form's Chinese title, without the book-title marks.
func (k Kind) Title() string {
	switch k {
	case Recommend:
		return "理事会副会长候选人推荐登记表"
	case Appointment:
		return "理事会副会长干部任免表"
	}
	return string(k)
}

// Status is where a form stands.
type Status string

// The statuses. A member sees draft and returned as 待完善, submitted and
// accepted as 已完善.
const (
	Draft     Status = "draft"     // 草稿: saved, not submitted
	Submitted Status = "submitted" // 已提交: completed, waiting for the staff (the queue)
	Returned  Status = "returned"  // 已退回: the staff returned it with a reason; editable again
	Accepted  Status = "accepted"  // 已确认: the staff took it as complete
)

// Statuses lists the statuses in the staff queue's tab order.
func Statuses() []Status { return []Status{Submitted, Returned, Accepted, Draft} }

// Label is the staff's name of the status.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "草稿"
	case Submitted:
		return "待确认"
	case Returned:
		return "已退回"
	case Accepted:
		return "已确认"
	}
	return string(s)
}

// Complete tells whether the member has completed the form (已完善).
func (s Status) Complete() bool { return s == Submitted || s == Accepted }

// Editable tells whether the member may still change the form.
func (s Status) Editable() bool { return s == "" || s == Draft || s == Returned }

// Error codes.
const (
	ErrNotFound    = "council_form_not_found"
	ErrCouncilOnly = "council_only"
	ErrLocked      = "council_form_locked"
	ErrNotPending  = "council_form_not_pending"
	ErrNotRequired = "council_form_not_required"
)

// NotFoundError is the answer for a form that does not exist or is another
// member's.
func NotFoundError() error { return apperr.NotFound(ErrNotFound, "理事资料不存在") }

// RefuseBelowCouncil refuses a member below 理事.
func RefuseBelowCouncil() error {
	return apperr.Forbidden(ErrCouncilOnly, "完善理事资料仅适用于理事及以上单位会员")
}

// Row is one line of a form's 工作经历 (简历).
type Row struct {
	Period string `json:"period"` // 起止年月, e.g. 2010.09—2015.07
	Detail string `json:"detail"` // 工作单位及职务
}

// Form is one member's copy of one form.
type Form struct {
	ID       string
	MemberID string
	Kind     Kind
	Status   Status
	Values   map[string]string // by field key (FieldsOf)
	Rows     []Row
	// ReturnReason is the staff's reason of the last return (kept after a
	// resubmission until the next return, for the history; shown while
	// Returned).
	ReturnReason string
	SubmittedAt  time.Time
	ReviewedAt   time.Time // returned or accepted
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Value returns the form's value of a field.
func (f Form) Value(key string) string { return f.Values[key] }

// Requirements says which forms each level needs (configuration: app.Options.
// CouncilForms). A level that is not listed needs DefaultForms when it is a
// council level (理事 and above) and none otherwise.
type Requirements map[member.Level][]Kind

// DefaultForms is what a council level needs when the configuration does not
// say: both forms of the manual, as its screenshot lists them for every 理事
// and above (the 小提示 names both).
func DefaultForms() []Kind { return Kinds() }

// FormsFor returns the forms a member of the level must complete; none for
// 普通会员 and individuals, whatever the configuration says.
func (r Requirements) FormsFor(l member.Level) []Kind {
	if !l.IsCouncil() {
		return nil
	}
	if ks, ok := r[l]; ok {
		return ks
	}
	return DefaultForms()
}

// Known tells whether s is one of the statuses.
func (s Status) Known() bool { return slices.Contains(Statuses(), s) }
