package query

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MemberDashboard is what the member portal shows in its header and home page.
type MemberDashboard struct {
	ID                  string
	Kind                member.Kind
	KindLabel           string
	Name                string
	Email               string
	Number              string // empty before approval
	Level               string
	Status              member.Status
	StatusLabel         string
	Step                int // 1–4 of the join flow; 0 once a member
	ValidUntil          time.Time
	ValidityText        string // 会员有效期 as the manual shows it
	AwaitingSecretariat bool   // show the 秘书处审批 notice
	// PaymentStatus is 会员信息's 缴费状态 (正常缴费, 未缴费, 缴费确认中, 已欠费, --,
	// 部分缴费（已缴¥4000，尚欠¥1000）).
	PaymentStatus string
	// OwingFen is the balance due after a partial payment (0: none).
	OwingFen     int64
	RejectReason string
	// StatusReason is why the membership is suspended or ended (暂停会籍, 退会);
	// empty otherwise.
	StatusReason       string
	MustChangePassword bool
	// EmailVerified: the member opened a verification link; until then the
	// portal asks for it and the member may not apply or pay.
	EmailVerified       bool
	IsCouncil           bool
	Role                access.Role
	UnreadNotifications int
	// Notifications are the latest few notifications (通知提醒), newest first.
	Notifications []NotificationItem
	RegisteredAt  time.Time
	// Address is the 通讯地址 of the member's form (信息变更 changes it).
	Address string
}

// DashboardNotifications is how many notifications the dashboard carries.
const DashboardNotifications = 5

// MemberDashboardHandler builds the dashboard of the logged-in member.
type MemberDashboardHandler struct {
	members       ports.MemberRepository
	notifications ports.NotificationRepository
	payments      ports.PaymentRepository // nil: no balance due shown
	settings      *feesettings.Source
}

// WithBalance makes the dashboard's 缴费状态 show a balance due after a partial
// payment (部分缴费（已缴¥4000，尚欠¥1000）), read from payments and the fees in
// force.
func (h *MemberDashboardHandler) WithBalance(payments ports.PaymentRepository,
	settings *feesettings.Source) *MemberDashboardHandler {
	h.payments, h.settings = payments, settings
	return h
}

// NewMemberDashboardHandler builds the handler; notifications may be nil (no
// notifications are shown then).
func NewMemberDashboardHandler(members ports.MemberRepository, notifications ports.NotificationRepository) *MemberDashboardHandler {
	return &MemberDashboardHandler{members: members, notifications: notifications}
}

// Handle loads the member of the principal. Ownership: a principal only ever sees
// its own dashboard.
func (h *MemberDashboardHandler) Handle(ctx context.Context, p access.Principal) (MemberDashboard, error) {
	if err := access.Authorize(nil, p, access.ReadOwnDashboard, p.ID); err != nil {
		return MemberDashboard{}, err
	}
	m, err := h.members.Get(ctx, p.ID)
	if err != nil {
		return MemberDashboard{}, err
	}
	d := NewMemberDashboard(m)
	if err := h.addBalance(ctx, m, &d); err != nil {
		return MemberDashboard{}, err
	}
	if h.notifications != nil {
		ns, unread, err := h.notifications.Recent(ctx, m.ID(), DashboardNotifications)
		if err != nil {
			return MemberDashboard{}, apperr.Internal(err)
		}
		d.UnreadNotifications = unread
		d.Notifications = make([]NotificationItem, len(ns))
		for i, n := range ns {
			d.Notifications[i] = NotificationItem{ID: n.ID, Category: n.Category, Text: n.Text, CreatedAt: n.CreatedAt, Read: !n.Unread()}
		}
	}
	return d, nil
}

// NewMemberDashboard maps a member to its dashboard.
func NewMemberDashboard(m *member.Member) MemberDashboard {
	d := MemberDashboard{
		ID: m.ID(), Kind: m.Kind(), KindLabel: m.Kind().Label(), Name: m.Name(), Email: m.Email(),
		Number: m.Number(), Level: string(m.Level()), Status: m.Status(), StatusLabel: m.Status().Label(),
		Step: m.JoinStep(), ValidUntil: m.ValidUntil(), RejectReason: m.RejectReason(),
		MustChangePassword: m.MustChangePassword(), EmailVerified: m.EmailVerified(), IsCouncil: m.Level().IsCouncil(),
		RegisteredAt: m.CreatedAt(), PaymentStatus: payment.DashboardLabel(m.Status()), StatusReason: m.StatusReason(),
	}
	if d.Address = m.Application().Enterprise.Address; m.Kind() == member.Individual {
		d.Address = m.Application().Individual.Address
	}
	switch m.Status() {
	case member.StatusPaid, member.StatusAwaitingSecretariat:
		d.AwaitingSecretariat = true
		d.ValidityText = "--(等待秘书处审批)"
	case member.StatusActive, member.StatusExpiring, member.StatusLapsed:
		d.ValidityText = m.ValidUntil().Format("2006-01-02")
	default:
		d.ValidityText = "--"
	}
	switch {
	case m.Kind() == member.Individual:
		d.Role = access.RoleIndividual
	case m.Level().IsCouncil():
		d.Role = access.RoleCouncil
	default:
		d.Role = access.RoleEnterprise
	}
	return d
}

// addBalance words a fee partly paid in the dashboard's 缴费状态.
func (h *MemberDashboardHandler) addBalance(ctx context.Context, m *member.Member, d *MemberDashboard) error {
	purpose, due := payment.PurposeFor(m.Status())
	if h.payments == nil || h.settings == nil || !due {
		return nil
	}
	ps, err := h.payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return apperr.Internal(err)
	}
	paid := payment.Paid(ps, purpose)
	if paid == 0 {
		return nil
	}
	st, err := h.settings.Current(ctx)
	if err != nil {
		return apperr.Internal(err)
	}
	d.OwingFen = max(st.Fees.For(m.Kind(), m.Level())-paid, 0)
	d.PaymentStatus = fmt.Sprintf("部分缴费（%s）", payment.OwingText(paid, d.OwingFen))
	return nil
}
