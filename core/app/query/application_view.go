package query

import (
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// ApplicationView is a member's application as the portal and the back office
// show it.
type ApplicationView struct {
	MemberID     string
	Kind         member.Kind
	KindLabel    string
	AccountName  string // the registered name
	Email        string // the registered email
	Number       string // member number, once approved
	Status       member.Status
	StatusLabel  string
	Step         int // ①–④ of the join flow (member.JoinStep); 0 once a member
	RegisteredAt time.Time

	// The form of the member's kind (the other is zero). Before the first save it
	// is pre-filled from the account (name, email).
	Enterprise application.EnterpriseForm
	Individual application.IndividualForm
	// Fields are the form's fields in order with labels and shown values.
	Fields       []application.Field
	FormStarted  bool // a draft was saved
	FormComplete bool
	// Missing lists what still blocks submission: empty form fields, the scan. The
	// 「我已打印盖章并上传」 tick is given at submission and not listed.
	Missing []apperr.FieldError

	NeedsScan        bool      // enterprises upload the stamped form
	Scan             *ScanInfo // nil when none was uploaded
	ConfirmedStamped bool      // ticked at the last submission

	// RejectReason is the reason of the last rejection while the application is
	// returned or being edited after it; empty otherwise.
	RejectReason string
	SavedAt      time.Time
	SubmittedAt  time.Time
	ApprovedAt   time.Time
	RejectedAt   time.Time

	CanEdit       bool // the form may be changed (registered, draft, rejected)
	CanUploadScan bool // a scan may be uploaded now
	CanSubmit     bool // nothing is missing and the status allows submission
}

// ScanInfo describes the uploaded stamped scan (the file itself comes from the
// ApplicationScan query).
type ScanInfo struct {
	FileName    string
	ContentType string
	Size        int64
	UploadedAt  time.Time
}

// NewApplicationView maps a member to its application view; now judges dates.
func NewApplicationView(m *member.Member, now time.Time) ApplicationView {
	a := m.Application()
	st := m.Status()
	v := ApplicationView{
		MemberID: m.ID(), Kind: m.Kind(), KindLabel: m.Kind().Label(), AccountName: m.Name(), Email: m.Email(),
		Number: m.Number(), Status: st, StatusLabel: st.Label(), Step: m.JoinStep(), RegisteredAt: m.CreatedAt(),
		Enterprise: a.Enterprise, Individual: a.Individual, FormStarted: a.Started(), FormComplete: m.FormComplete(),
		NeedsScan: m.Kind() == member.Enterprise, ConfirmedStamped: a.ConfirmedStamped,
		SavedAt: a.SavedAt, SubmittedAt: a.SubmittedAt, ApprovedAt: a.ApprovedAt, RejectedAt: a.RejectedAt,
	}
	if !a.Started() {
		if m.Kind() == member.Individual {
			v.Individual.Name, v.Individual.Email = m.Name(), m.Email()
		} else {
			v.Enterprise.Name, v.Enterprise.ContactEmail = m.Name(), m.Email()
		}
	}
	var missing apperr.Validation
	if m.Kind() == member.Individual {
		v.Fields = v.Individual.Fields()
		v.Individual.Validate(&missing, true, now)
	} else {
		v.Fields = v.Enterprise.Fields()
		v.Enterprise.Validate(&missing, true, now)
		if !a.Scan.Present() {
			missing.Add("scan", "scan_required", "请上传盖章后的入会申请表扫描件")
		}
	}
	if !a.Started() {
		missing.Add("form", member.ErrFormRequired, "请先填写入会申请表")
	}
	if err := missing.Err(); err != nil {
		v.Missing = apperr.As(err).Fields
	}
	if a.Scan.Present() {
		v.Scan = &ScanInfo{FileName: a.Scan.FileName, ContentType: a.Scan.ContentType, Size: a.Scan.Size,
			UploadedAt: a.Scan.UploadedAt}
	}
	editable := st == member.StatusRegistered || st == member.StatusDraft || st == member.StatusRejected
	v.CanEdit = editable
	v.CanUploadScan = m.CanAttachScan() == nil
	v.CanSubmit = (st == member.StatusDraft || st == member.StatusRejected) && len(v.Missing) == 0
	if (st == member.StatusRejected || st == member.StatusDraft) && !a.RejectedAt.IsZero() {
		v.RejectReason = m.RejectReason()
	}
	return v
}
