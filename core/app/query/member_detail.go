package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// How much of a member's records the detail shows.
const (
	detailPayments      = 100
	detailNotifications = 50
	detailHistory       = 500
)

// MemberDetail asks for one member of the registry, with everything the
// association holds about it.
type MemberDetail struct {
	Principal access.Principal
	MemberID  string
	// BriefApplication asks only for the application's dates, scan and stamp
	// confirmation (the web page, which shows the form as the Document), not
	// the checked form NewApplicationView builds (the API's application).
	BriefApplication bool
}

// MemberAccount is the member's account and membership.
type MemberAccount struct {
	ID                 string
	Number             string
	Name               string
	Email              string
	EmailVerifiedAt    time.Time // zero until the member opened a verification link
	Kind               member.Kind
	KindLabel          string
	Level              member.Level
	Status             member.Status
	StatusLabel        string
	FeeState           payment.State
	FeeLabel           string
	PaymentRef         string
	RejectReason       string
	ApprovalDocNo      string
	MustChangePassword bool
	JoinedAt           time.Time // the application's approval; zero before
	ValidFrom          time.Time // calendar days (midnight UTC); zero before the secretariat approved
	ValidUntil         time.Time
	RegisteredAt       time.Time
	UpdatedAt          time.Time
	// Version is the member's stored version (staff forms carry it back);
	// StatusReason why it is suspended or withdrew.
	Version      int64
	StatusReason string
}

// TimelineEntry is one thing that happened to the member, in words.
type TimelineEntry struct {
	At    time.Time
	Event string // the event's name
	Text  string
	// Actor is who did it: 「工作人员 张三」 for a staff action (from the audit
	// log, see WithAudit), 「会员本人」, 「系统」; empty when not known.
	Actor string
}

// MemberDetailView is a member as the registry's detail shows it.
type MemberDetailView struct {
	Account MemberAccount
	// Application is the application with its state; Document its every
	// field with the form's labels (HasForm false before the first save).
	Application ApplicationView
	Document    ports.FormDocument
	HasForm     bool
	Payments    []PaymentItem // newest first
	// Notifications sent to the member (newest first) and how many in all.
	Notifications NotificationList
	// Timeline is the member's history, oldest first.
	Timeline []TimelineEntry
	// CanReadApplication and CanReadPayments tell whether the principal may
	// open the stamped scan and PDF, and the payments and their vouchers.
	CanReadApplication bool
	CanReadPayments    bool
	// Member is the member as read, for the caller's further queries of the
	// same request (ContactList.Member, MemberCardHandler.ForStaff), so
	// that they need not read it again.
	Member *member.Member
}

// MemberDetailHandler loads a member for staff.
type MemberDetailHandler struct {
	members       ports.MemberRepository
	payments      ports.PaymentRepository
	notifications ports.NotificationRepository
	history       ports.MemberHistory
	authz         ports.Authorizer
	clock         ports.Clock
	assoc         string
	// audit and staff name who did each staff action (WithAudit).
	audit ports.AuditLog
	staff ports.StaffRepository
}

// NewMemberDetailHandler builds the handler; assoc is the association's name
// (the form's title).
func NewMemberDetailHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	notifications ports.NotificationRepository, history ports.MemberHistory, authz ports.Authorizer,
	clock ports.Clock, assoc string) *MemberDetailHandler {
	return &MemberDetailHandler{members: members, payments: payments, notifications: notifications,
		history: history, authz: authz, clock: clock, assoc: assoc}
}

// Handle returns the member for staff; a member asking is told it does not
// exist, and so is anybody asking for an unknown id.
func (h *MemberDetailHandler) Handle(ctx context.Context, q MemberDetail) (MemberDetailView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.InspectMember, ""); err != nil {
		return MemberDetailView{}, err
	}
	m, err := h.members.Get(ctx, q.MemberID)
	if err != nil {
		return MemberDetailView{}, err
	}
	ps, err := h.payments.ListForMember(ctx, m.ID(), detailPayments)
	if err != nil {
		return MemberDetailView{}, apperr.Internal(err)
	}
	v := MemberDetailView{HasForm: m.Application().Started(), Member: m}
	if q.BriefApplication {
		v.Application = briefApplication(m)
	} else {
		v.Application = NewApplicationView(m, h.clock.Now())
	}
	if v.HasForm {
		v.Document = FormDocumentOf(m, h.assoc)
	}
	open := false
	for _, p := range ps {
		v.Payments = append(v.Payments, paymentItem(p, m))
		open = open || (p.Status() == payment.StatusOpen && p.Method() != payment.MethodAlipay)
	}
	v.Account = memberAccount(m, payment.MemberState(m.Status(), open))
	if v.Notifications, err = listNotifications(ctx, h.notifications, m.ID(), detailNotifications, 0); err != nil {
		return MemberDetailView{}, err
	}
	entries, err := h.history.History(ctx, m.ID(), detailHistory)
	if err != nil {
		return MemberDetailView{}, apperr.Internal(err)
	}
	v.Timeline = make([]TimelineEntry, len(entries))
	for i, e := range entries {
		v.Timeline[i] = TimelineEntry{At: e.At, Event: e.Name, Text: TimelineText(e), Actor: e.Actor}
	}
	if v.Timeline, err = h.withActors(ctx, m.ID(), v.Timeline, entries); err != nil {
		return MemberDetailView{}, apperr.Internal(err)
	}
	v.CanReadApplication, _ = access.Can(h.authz, q.Principal, access.InspectApplication, "")
	v.CanReadPayments, _ = access.Can(h.authz, q.Principal, access.ListPayments, "")
	return v, nil
}

// briefApplication is the part of NewApplicationView the web page's detail
// shows: the application's dates, scan and stamp confirmation, without
// checking the form on every view.
func briefApplication(m *member.Member) ApplicationView {
	a := m.Application()
	v := ApplicationView{MemberID: m.ID(), Kind: m.Kind(), KindLabel: m.Kind().Label(), FormStarted: a.Started(),
		NeedsScan: m.Kind() == member.Enterprise, ConfirmedStamped: a.ConfirmedStamped, SavedAt: a.SavedAt,
		SubmittedAt: a.SubmittedAt, ApprovedAt: a.ApprovedAt, RejectedAt: a.RejectedAt}
	if a.Scan.Present() {
		v.Scan = &ScanInfo{FileName: a.Scan.FileName, ContentType: a.Scan.ContentType, Size: a.Scan.Size,
			UploadedAt: a.Scan.UploadedAt}
	}
	return v
}

// memberAccount maps the member's account and membership.
func memberAccount(m *member.Member, fee payment.State) MemberAccount {
	return MemberAccount{ID: m.ID(), Number: m.Number(), Name: m.Name(), Email: m.Email(),
		EmailVerifiedAt: m.EmailState().VerifiedAt, Kind: m.Kind(),
		KindLabel: m.Kind().Label(), Level: m.Level(), Status: m.Status(), StatusLabel: m.Status().Label(),
		FeeState: fee, FeeLabel: fee.Label(), PaymentRef: m.PaymentRef(), RejectReason: m.RejectReason(),
		ApprovalDocNo: m.ApprovalDocNo(), MustChangePassword: m.MustChangePassword(),
		JoinedAt: m.Snapshot().JoinedAt(), ValidFrom: m.ValidFrom(), ValidUntil: m.ValidUntil(),
		RegisteredAt: m.CreatedAt(), UpdatedAt: m.UpdatedAt(), Version: m.Version(), StatusReason: m.StatusReason()}
}
