package member

import (
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
)

// Imported means the member was brought in (or, Updated, brought up to date)
// by 导入老会员: batch Batch, by the staff member Staff. It opens an imported
// member's history: 「由 工作人员 X 在第 N 批导入」.
type Imported struct {
	Base
	Batch   int    `json:"batch"`
	Staff   string `json:"staff"`
	Number  string `json:"number,omitempty"`
	Status  Status `json:"status"`
	Updated bool   `json:"updated,omitempty"`
}

// EventName implements event.Event.
func (Imported) EventName() string { return "member.imported" }

// ImportedBy is who imported a member, in which batch, and until when its
// initial password works.
type ImportedBy struct {
	Batch        int
	Staff        string
	InitialUntil time.Time
}

// Import creates the member of a validated entry (see Entry.Validate) read
// from a legacy file, in the given status, joined on joined (zero: now). It
// has no password: until by.InitialUntil it logs in with its initial password
// (the full pinyin of a name, see the login), and must then change it. It
// records Imported.
func Import(e Entry, status Status, joined time.Time, by ImportedBy, now time.Time) *Member {
	m := &Member{
		id: id.New(now), kind: e.Kind, name: e.Name, email: e.Email, status: status, level: e.Level,
		number: e.Number, createdAt: now, updatedAt: now, mustChangePassword: true,
		initialUntil: by.InitialUntil,
	}
	m.applyEntry(e, status, joined, now)
	m.Record(Imported{Base: m.base(now), Batch: by.Batch, Staff: by.Staff, Number: m.number, Status: m.status})
	return m
}

// Reimport brings a member up to date from a later import of the same
// member (matched by number, then USCC or ID number): name, email, level,
// status, validity, 文号 and form. Its password and sessions are untouched.
func (m *Member) Reimport(e Entry, status Status, joined time.Time, by ImportedBy, now time.Time) {
	m.name, m.email, m.level, m.status = e.Name, e.Email, e.Level, status
	if e.Number != "" {
		m.number = e.Number
	}
	if joined.IsZero() && !m.application.ApprovedAt.IsZero() {
		joined = m.application.ApprovedAt
	}
	m.applyEntry(e, status, joined, now)
	m.updatedAt = now
	m.Record(Imported{Base: m.base(now), Batch: by.Batch, Staff: by.Staff, Number: m.number, Status: m.status,
		Updated: true})
}

func (m *Member) applyEntry(e Entry, status Status, joined time.Time, now time.Time) {
	if e.Enterprise != nil {
		m.application.Enterprise = *e.Enterprise
		m.application.SavedAt = now
	}
	if e.Individual != nil {
		m.application.Individual = *e.Individual
		m.application.SavedAt = now
	}
	if joined.IsZero() {
		joined = now
	}
	m.application.ApprovedAt = joined
	m.validFrom, m.validUntil, m.approvalDocNo = time.Time{}, time.Time{}, e.DocNo
	if !e.ValidUntil.IsZero() {
		m.validFrom, m.validUntil = truncateDay(e.ValidFrom), truncateDay(e.ValidUntil)
	}
	if status == StatusActive && !m.validUntil.IsZero() && m.validUntil.Before(truncateDay(now)) {
		m.status = StatusLapsed
	}
}

// InitialCredentialUntil returns until when the member may log in with its
// initial password; zero when it has none (it set a password, or was not
// imported).
func (m *Member) InitialCredentialUntil() time.Time { return m.initialUntil }

// HasInitialCredential reports whether the member has an initial password
// and no password of its own.
func (m *Member) HasInitialCredential() bool { return m.passwordHash == "" && !m.initialUntil.IsZero() }

// InitialPasswordName returns the name the initial password is derived from:
// the first contact's name (enterprise) or the member's own (individual).
func (m *Member) InitialPasswordName() string {
	if m.kind == Enterprise {
		return m.application.Enterprise.ContactName
	}
	return m.name
}

// ImportUndone means the batch that updated the member was undone: the
// member is back as it was before (see RevertImport).
type ImportUndone struct {
	Base
	Batch int `json:"batch"`
}

// EventName implements event.Event.
func (ImportUndone) EventName() string { return "member.import_undone" }

// RevertImport puts back what Reimport changed, from the member's stored form
// before the import, and records ImportUndone.
func (m *Member) RevertImport(prior Snapshot, batch int, now time.Time) {
	m.name, m.email, m.level, m.status, m.number = prior.Name, prior.Email, prior.Level, prior.Status, prior.Number
	m.validFrom, m.validUntil, m.approvalDocNo = prior.ValidFrom, prior.ValidUntil, prior.ApprovalDocNo
	m.application = prior.Application
	m.updatedAt = now
	m.Record(ImportUndone{Base: m.base(now), Batch: batch})
}

// ConfirmEmail is an imported member's confirmation, at its first password
// change, that email (normalized by the caller) is its current address (the
// manual's 「登陆后请第一时间修改密码并确定邮箱是否为当下的有效邮箱」): the
// same address or a new one, either way mailed a verification link
// (EmailVerificationRequested) unless already verified.
func (m *Member) ConfirmEmail(email string, now time.Time) error {
	var v apperr.Validation
	CheckEmail(&v, "email", email)
	if err := v.Err(); err != nil {
		return err
	}
	if email != m.email {
		m.email = email
		m.emailState = EmailState{}
	}
	if m.EmailVerified() {
		return nil
	}
	m.countVerifyMail(now)
	m.updatedAt = now
	m.Record(EmailVerificationRequested{m.base(now)})
	return nil
}
