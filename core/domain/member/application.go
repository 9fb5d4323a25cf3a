package member

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Codes of the application rules' errors.
const (
	ErrAlreadyApproved = "already_approved"
	ErrFormKind        = "form_kind"
	ErrFormRequired    = "form_required"
	ErrFormIncomplete  = "form_incomplete"
	ErrScanNotNeeded   = "scan_not_needed"
)

// Application returns the membership application (a copy).
func (m *Member) Application() application.Application { return m.application }

// FormName is the 单位名称 (or 姓名) of the member's application form: the
// account's registered name. The form never names anybody else — payments are
// matched to members by the names they registered, so a form naming another
// member would let a payer's money be credited to the wrong account. A change
// of name goes through the reviewed change of the member's information, never
// through the form.
func (m *Member) FormName() string { return m.name }

// FormComplete reports whether the saved form of the member's kind is complete,
// judged on the day it was saved.
func (m *Member) FormComplete() bool {
	a := m.application
	if !a.Started() {
		return false
	}
	if m.kind == Individual {
		return a.Individual.Complete(a.SavedAt)
	}
	return a.Enterprise.Complete(a.SavedAt)
}

// JoinStep returns the step (1–4) of the join flow the member is on, refining
// Status.Step: an enterprise whose draft form is complete is on ③ 打印盖章并上传.
func (m *Member) JoinStep() int {
	if m.kind == Enterprise && m.status == StatusDraft && m.FormComplete() {
		return 3
	}
	return m.status.Step()
}

// SaveEnterpriseForm stores the enterprise application form as a draft. Allowed
// before submission and after a rejection (which returns the member to the draft).
// The form is normalized; what is filled must be well-formed, and with
// requireComplete (「下一步」) every field must be filled. A changed form detaches
// the stamped scan, which no longer shows what was filled in. 单位名称 is always
// the account's registered name, whatever the form says (see FormName).
func (m *Member) SaveEnterpriseForm(f application.EnterpriseForm, requireComplete bool, now time.Time) error {
	if m.kind != Enterprise {
		return apperr.New(apperr.KindInvalid, ErrFormKind, "个人会员请填写个人会员入会申请表")
	}
	if err := m.from("修改入会申请", StatusRegistered, StatusDraft, StatusRejected); err != nil {
		return err
	}
	f.Name = m.FormName()
	f.Normalize()
	if err := f.Check(requireComplete, now); err != nil {
		return err
	}
	if err := m.moveTo(StatusDraft, now); err != nil {
		return err
	}
	if m.application.Started() && f != m.application.Enterprise {
		m.application.Scan = application.Scan{}
	}
	m.application.Enterprise = f
	m.application.SavedAt = now
	m.application.ConfirmedStamped = false
	return nil
}

// SaveIndividualForm stores the individual application form as a draft (see
// SaveEnterpriseForm; individuals upload no stamped form). 姓名 is always the
// account's registered name.
func (m *Member) SaveIndividualForm(f application.IndividualForm, requireComplete bool, now time.Time) error {
	if m.kind != Individual {
		return apperr.New(apperr.KindInvalid, ErrFormKind, "单位会员请填写单位会员入会申请表")
	}
	if err := m.from("修改入会申请", StatusRegistered, StatusDraft, StatusRejected); err != nil {
		return err
	}
	f.Name = m.FormName()
	f.Normalize()
	if err := f.Check(requireComplete, now); err != nil {
		return err
	}
	if err := m.moveTo(StatusDraft, now); err != nil {
		return err
	}
	m.application.Individual = f
	m.application.SavedAt = now
	return nil
}

// CanAttachScan reports (as an error) whether a stamped scan may be attached now:
// enterprises only, with a complete form, before submission or after a rejection.
// Use cases ask it before storing the file.
func (m *Member) CanAttachScan() error {
	if m.kind != Enterprise {
		return apperr.New(apperr.KindInvalid, ErrScanNotNeeded, "个人会员无需上传盖章的入会申请表")
	}
	if m.status == StatusRegistered || ((m.status == StatusDraft || m.status == StatusRejected) && !m.FormComplete()) {
		return apperr.Conflict(ErrFormIncomplete, "请先填写完整的入会申请表，再上传盖章扫描件")
	}
	return m.from("上传盖章的入会申请表", StatusDraft, StatusRejected)
}

// AttachScan attaches the stamped scan, replacing an earlier one, and returns the
// key of the replaced file (empty if none) for the caller to delete once the
// change is stored.
func (m *Member) AttachScan(s application.Scan, now time.Time) (replaced string, err error) {
	if err := m.CanAttachScan(); err != nil {
		return "", err
	}
	if s.Key == "" || (s.ContentType != application.ContentTypePNG && s.ContentType != application.ContentTypeJPEG) ||
		s.Size < 1 || s.Size > application.MaxScanBytes {
		return "", apperr.Internal(fmt.Errorf("attach scan to member %s: bad scan %+v", m.id, s))
	}
	replaced = m.application.Scan.Key
	s.UploadedAt = now
	m.application.Scan = s
	m.application.ConfirmedStamped = false
	m.updatedAt = now
	return replaced, nil
}

// Submit sends the application for review. The form of the member's kind must be
// complete; an enterprise must also have attached the stamped scan and ticked
// 「我已打印盖章并上传《入会申请表》」 (confirmedStamped). Missing parts are reported
// as field errors (the form's fields, "scan", "confirm_stamped").
func (m *Member) Submit(confirmedStamped bool, now time.Time) error {
	if err := m.from("提交入会申请", StatusDraft, StatusRejected); err != nil {
		return err
	}
	if !m.application.Started() {
		return apperr.New(apperr.KindInvalid, ErrFormRequired, "请先填写入会申请表")
	}
	var v apperr.Validation
	if m.kind == Individual {
		m.application.Individual.Validate(&v, true, now)
	} else {
		m.application.Enterprise.Validate(&v, true, now)
		if !m.application.Scan.Present() {
			v.Add("scan", "scan_required", "请上传盖章后的入会申请表扫描件")
		}
		if !confirmedStamped {
			v.Add("confirm_stamped", "confirm_required", "请勾选「我已打印盖章并上传《入会申请表》」")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := m.moveTo(StatusSubmitted, now); err != nil {
		return err
	}
	m.application.ConfirmedStamped = m.kind == Enterprise && confirmedStamped
	m.application.SubmittedAt = now
	m.rejectReason = "" // the returned application was corrected
	m.Record(ApplicationSubmitted{m.base(now)})
	return nil
}

// CanApprove reports (as an error) whether the application may be approved now: it
// must be waiting for review. An application approved before is a Conflict with
// code ErrAlreadyApproved.
func (m *Member) CanApprove() error {
	if m.status != StatusSubmitted && m.number != "" {
		return apperr.Conflict(ErrAlreadyApproved,
			fmt.Sprintf("该入会申请已审核通过（会员号：%s），不能重复审核", m.number))
	}
	return m.from("审核通过", StatusSubmitted)
}
