package member

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/id"
)

// MaxReasonLen bounds reviewer-written reasons.
const MaxReasonLen = 500

// Member is the aggregate of one member account, from registration through the whole
// membership lifecycle. Its fields are private; it changes only through methods that
// check the lifecycle rules and record domain events.
type Member struct {
	id                 string
	kind               Kind
	name               string
	email              string
	passwordHash       string
	status             Status
	number             string
	level              Level
	rejectReason       string
	mustChangePassword bool
	validFrom          time.Time
	validUntil         time.Time
	approvalDocNo      string
	paymentRef         string
	renewalReminded    int
	createdAt          time.Time
	updatedAt          time.Time
	application        application.Application
	emailState         EmailState
	version            int64
	statusReason       string
	initialUntil       time.Time

	event.Recorder
}

// Snapshot is the stored form of a Member, used only by storage adapters.
type Snapshot struct {
	ID                 string
	Kind               Kind
	Name               string
	Email              string
	PasswordHash       string
	Status             Status
	Number             string
	Level              Level
	RejectReason       string
	MustChangePassword bool
	ValidFrom          time.Time
	ValidUntil         time.Time
	ApprovalDocNo      string
	// PaymentRef is the member's payment reference code (empty until assigned).
	PaymentRef string
	// RenewalReminded is the threshold (days before the end of validity) of the
	// last renewal reminder sent for the current validity; 0 when none was sent.
	RenewalReminded int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// Application is the membership application (form, scan, dates); storage
	// adapters keep it beside the member and load and save it with it.
	Application application.Application
	// EmailState is whether the address is verified and the mails sent to it
	// on request.
	EmailState EmailState
	// Version counts the stored changes of the member (optimistic concurrency:
	// staff forms carry it). Storage adapters set it: 1 when added, one more on
	// every update.
	Version int64
	// StatusReason is why the member was suspended or withdrew (empty
	// otherwise).
	StatusReason string
	// InitialCredentialUntil is set on an imported member that has no
	// password yet: until then it logs in with its initial password (see
	// InitialCredentialUntil). Zero for every other member.
	InitialCredentialUntil time.Time
}

// Restore rebuilds a member from its stored form. It is the one constructor storage
// adapters use; it records no events.
func Restore(s Snapshot) *Member {
	return &Member{
		id: s.ID, kind: s.Kind, name: s.Name, email: s.Email, passwordHash: s.PasswordHash,
		status: s.Status, number: s.Number, level: s.Level, rejectReason: s.RejectReason,
		mustChangePassword: s.MustChangePassword, validFrom: s.ValidFrom, validUntil: s.ValidUntil,
		approvalDocNo: s.ApprovalDocNo, paymentRef: s.PaymentRef, renewalReminded: s.RenewalReminded,
		createdAt: s.CreatedAt, updatedAt: s.UpdatedAt, application: s.Application, emailState: s.EmailState,
		version: s.Version, statusReason: s.StatusReason, initialUntil: s.InitialCredentialUntil,
	}
}

// Snapshot returns the stored form of the member.
func (m *Member) Snapshot() Snapshot {
	return Snapshot{
		ID: m.id, Kind: m.kind, Name: m.name, Email: m.email, PasswordHash: m.passwordHash,
		Status: m.status, Number: m.number, Level: m.level, RejectReason: m.rejectReason,
		MustChangePassword: m.mustChangePassword, ValidFrom: m.validFrom, ValidUntil: m.validUntil,
		ApprovalDocNo: m.approvalDocNo, PaymentRef: m.paymentRef, RenewalReminded: m.renewalReminded,
		CreatedAt: m.createdAt, UpdatedAt: m.updatedAt, Application: m.application, EmailState: m.emailState,
		Version: m.version, StatusReason: m.statusReason, InitialCredentialUntil: m.initialUntil,
	}
}

// Registration is the validated input of a new account.
type Registration struct {
	Kind         Kind
	Name         string // normalized
	Email        string // normalized
	PasswordHash string
}

// Register creates a new member account in the registered state, its email
// address not yet verified, and records Registered (whose handler mails the
// first verification link: it counts as the first verification mail). The
// caller validates the raw input with the rules in this package first (the
// password itself never reaches the aggregate).
func Register(r Registration, now time.Time) (*Member, error) {
	var v apperr.Validation
	if !r.Kind.Valid() {
		v.Add("kind", "kind_invalid", "请选择企业入会或个人入会")
	}
	CheckName(&v, "name", r.Kind, r.Name)
	CheckEmail(&v, "email", r.Email)
	if r.PasswordHash == "" {
		v.Add("password", "required", "请输入密码")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	level := LevelOrdinary
	if r.Kind == Individual {
		level = LevelIndividual
	}
	m := &Member{
		id: id.New(now), kind: r.Kind, name: r.Name, email: r.Email, passwordHash: r.PasswordHash,
		status: StatusRegistered, level: level, createdAt: now, updatedAt: now,
	}
	m.countVerifyMail(now)
	m.Record(Registered{m.base(now)})
	return m, nil
}

func (m *Member) base(now time.Time) Base {
	return Base{EventID: id.New(now), MemberID: m.id, Kind: m.kind, Name: m.name, Email: m.email, At: now}
}

// ID returns the member's identity.
func (m *Member) ID() string { return m.id }

// Kind returns the member kind.
func (m *Member) Kind() Kind { return m.kind }

// Name returns the registered name (enterprise full name or a person's name).
func (m *Member) Name() string { return m.name }

// Email returns the registered email address.
func (m *Member) Email() string { return m.email }

// PasswordHash returns the stored password hash.
func (m *Member) PasswordHash() string { return m.passwordHash }

// Status returns the lifecycle status.
func (m *Member) Status() Status { return m.status }

// Number returns the member number, empty before approval.
func (m *Member) Number() string { return m.number }

// Level returns the member level.
func (m *Member) Level() Level { return m.level }

// RejectReason returns the reason of the last rejection (application or payment claim).
func (m *Member) RejectReason() string { return m.rejectReason }

// MustChangePassword reports whether the member must change the password first.
func (m *Member) MustChangePassword() bool { return m.mustChangePassword }

// ValidFrom returns the first day of validity (zero before the secretariat approved).
func (m *Member) ValidFrom() time.Time { return m.validFrom }

// ValidUntil returns the last day of validity (zero before the secretariat approved).
func (m *Member) ValidUntil() time.Time { return m.validUntil }

// ApprovalDocNo returns the secretariat's approval document number (文号).
func (m *Member) ApprovalDocNo() string { return m.approvalDocNo }

// CreatedAt returns when the account was registered.
func (m *Member) CreatedAt() time.Time { return m.createdAt }

// UpdatedAt returns when the member last changed.
func (m *Member) UpdatedAt() time.Time { return m.updatedAt }

// ErrTransition is the code of a forbidden lifecycle transition.
const ErrTransition = "invalid_transition"

// from refuses an action unless the member is in one of the given statuses.
func (m *Member) from(action string, allowed ...Status) error {
	for _, s := range allowed {
		if m.status == s {
			return nil
		}
	}
	return apperr.Conflict(ErrTransition,
		fmt.Sprintf("当前状态为「%s」，不能%s", m.status.Label(), action))
}

func (m *Member) moveTo(next Status, now time.Time) error {
	if !m.status.CanMoveTo(next) {
		return apperr.Conflict(ErrTransition,
			fmt.Sprintf("当前状态为「%s」，不能变更为「%s」", m.status.Label(), next.Label()))
	}
	m.status = next
	m.updatedAt = now
	return nil
}

func checkReason(reason string) (string, error) {
	var v apperr.Validation
	reason = validateReason(&v, reason)
	return reason, v.Err()
}

// validateReason adds the problem of a reason (field "reason") to v and
// returns it trimmed.
func validateReason(v *apperr.Validation, reason string) string {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		v.Add("reason", "required", "请填写原因")
	} else if utf8.RuneCountInString(reason) > MaxReasonLen {
		v.Add("reason", "too_long", "原因不能超过500个字符")
	}
	return reason
}

// Reject returns the application to the member with a reason the member sees.
func (m *Member) Reject(reason string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.from("退回入会申请", StatusSubmitted); err != nil {
		return err
	}
	if err := m.moveTo(StatusRejected, now); err != nil {
		return err
	}
	m.rejectReason = reason
	m.application.RejectedAt = now
	m.Record(ApplicationRejected{Base: m.base(now), Reason: reason})
	return nil
}

// Approve accepts the application and assigns the member number. Approving an
// application that was already approved is a Conflict with code
// ErrAlreadyApproved.
func (m *Member) Approve(number string, now time.Time) error {
	if err := m.CanApprove(); err != nil {
		return err
	}
	if strings.TrimSpace(number) == "" {
		return apperr.Internal(fmt.Errorf("approve member %s: empty member number", m.id))
	}
	if err := m.moveTo(StatusApproved, now); err != nil {
		return err
	}
	m.number = number
	m.rejectReason = ""
	m.application.ApprovedAt = now
	m.Record(ApplicationApproved{Base: m.base(now), Number: number})
	return nil
}

// ClaimPayment records the member's statement that the fee was transferred.
func (m *Member) ClaimPayment(now time.Time) error {
	if err := m.from("申请查看缴费状态", StatusApproved); err != nil {
		return err
	}
	if err := m.moveTo(StatusPaymentClaimed, now); err != nil {
		return err
	}
	m.Record(PaymentClaimed{Base: m.base(now)})
	return nil
}

// RejectPaymentClaim returns a payment claim finance could not match.
func (m *Member) RejectPaymentClaim(reason string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.from("退回缴费申请", StatusPaymentClaimed); err != nil {
		return err
	}
	if err := m.moveTo(StatusApproved, now); err != nil {
		return err
	}
	m.rejectReason = reason
	m.Record(PaymentClaimRejected{Base: m.base(now), Reason: reason})
	return nil
}

// ConfirmPayment records that the first fee arrived (without details; see
// ConfirmFee).
func (m *Member) ConfirmPayment(now time.Time) error { return m.ConfirmFee(Fee{}, now) }

// ForwardToSecretariat puts a paid member on the secretariat's approval queue.
func (m *Member) ForwardToSecretariat(now time.Time) error {
	if err := m.from("提交秘书处审批", StatusPaid); err != nil {
		return err
	}
	if err := m.moveTo(StatusAwaitingSecretariat, now); err != nil {
		return err
	}
	m.Record(ForwardedToSecretariat{m.base(now)})
	return nil
}

// OneYearFrom returns the last day of a one-year validity starting on day:
// 2019-09-21 → 2020-09-20.
func OneYearFrom(day time.Time) time.Time {
	d := truncateDay(day)
	return d.AddDate(1, 0, -1)
}

// truncateDay returns the calendar day of t (in t's own zone) as midnight UTC, the
// one form days are kept and compared in, whatever zone the caller works in.
// Callers pass times in the association's zone.
func truncateDay(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// MaxDocNoLen bounds the approval document number.
const MaxDocNoLen = 100

// ApproveMembership is the secretariat's final approval: validity becomes one year
// from the approval day and the approval document number (文号) is recorded.
func (m *Member) ApproveMembership(docNo string, approvedOn, now time.Time) error {
	docNo = strings.TrimSpace(docNo)
	var v apperr.Validation
	if docNo == "" {
		v.Add("doc_no", "required", "请填写审批文号")
	} else if utf8.RuneCountInString(docNo) > MaxDocNoLen {
		v.Add("doc_no", "too_long", "审批文号不能超过100个字符")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := m.from("审批入会", StatusAwaitingSecretariat); err != nil {
		return err
	}
	if err := m.moveTo(StatusActive, now); err != nil {
		return err
	}
	m.approvalDocNo = docNo
	m.renewalReminded = 0
	m.validFrom = truncateDay(approvedOn)
	m.validUntil = OneYearFrom(approvedOn)
	m.Record(MembershipApproved{Base: m.base(now), Number: m.number, DocNo: docNo,
		ValidFrom: m.validFrom, ValidUntil: m.validUntil})
	return nil
}

// MarkExpiring moves an active member whose validity ends within window to expiring.
// It reports whether anything changed; a member not yet due is left alone.
func (m *Member) MarkExpiring(now time.Time, window time.Duration) (bool, error) {
	if err := m.from("标记为即将到期", StatusActive); err != nil {
		return false, err
	}
	if truncateDay(m.validUntil).Sub(truncateDay(now)) > window {
		return false, nil
	}
	if err := m.moveTo(StatusExpiring, now); err != nil {
		return false, err
	}
	m.Record(MembershipExpiring{Base: m.base(now), ValidUntil: m.validUntil})
	return true, nil
}

// Lapse ends the membership of an active or expiring member whose validity and
// grace period are over. It reports whether anything changed.
func (m *Member) Lapse(now time.Time, grace time.Duration) (bool, error) {
	if err := m.from("标记为已过期", StatusActive, StatusExpiring); err != nil {
		return false, err
	}
	if !truncateDay(now).After(truncateDay(m.validUntil).Add(grace)) {
		return false, nil
	}
	if err := m.moveTo(StatusLapsed, now); err != nil {
		return false, err
	}
	m.Record(MembershipLapsed{Base: m.base(now), ValidUntil: m.validUntil})
	return true, nil
}

// Renew extends the validity by one year from the old end date after a renewal
// payment: the new year starts the day after the old end (OneYearFrom), so
// 2020-09-20 → 2021-09-20, 2024-02-29 → 2025-02-28 and 2023-02-28 → 2024-02-29.
func (m *Member) Renew(now time.Time) error {
	if err := m.from("续费", StatusActive, StatusExpiring, StatusLapsed); err != nil {
		return err
	}
	if err := m.moveTo(StatusActive, now); err != nil {
		return err
	}
	m.validUntil = OneYearFrom(truncateDay(m.validUntil).AddDate(0, 0, 1))
	m.renewalReminded = 0
	m.Record(MembershipRenewed{Base: m.base(now), ValidUntil: m.validUntil})
	return nil
}

// ChangePassword stores a new password hash and lifts a forced change.
func (m *Member) ChangePassword(hash string, now time.Time) {
	m.passwordHash = hash
	m.mustChangePassword = false
	m.initialUntil = time.Time{}
	m.updatedAt = now
	m.Record(PasswordChanged{m.base(now)})
}

// RequestPasswordReset records a reset request so that its link (linkID, see
// PasswordResetRequested) is emailed.
func (m *Member) RequestPasswordReset(linkID string, expiresAt, now time.Time) {
	m.Record(PasswordResetRequested{Base: m.base(now), LinkID: linkID, ExpiresAt: expiresAt})
}
