package query

import (
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// actorWindow is how far apart an event and the audit entry of the staff
// action that caused it may lie: both are stamped in the same transaction.
const actorWindow = 5 * time.Second

// Actors of what the member or the system did itself.
const (
	actorMember = "会员本人"
	actorSystem = "系统"
)

// WithAudit lets the detail's timeline say who did each staff action: the
// member's entries of the audit log are joined to the events they caused
// (「入会申请审核通过 — 工作人员 张三」), and staff actions that caused no event
// join the timeline as entries of their own. Without it the actors stay empty.
func (h *MemberDetailHandler) WithAudit(log ports.AuditLog, staff ports.StaffRepository) *MemberDetailHandler {
	h.audit, h.staff = log, staff
	return h
}

// withActors fills in who did each entry of the member's timeline (oldest
// first) from the member's audit entries.
func (h *MemberDetailHandler) withActors(ctx context.Context, memberID string, tl []TimelineEntry,
	hist []ports.HistoryEntry) ([]TimelineEntry, error) {
	if h.audit == nil {
		return tl, nil
	}
	entries, _, err := h.audit.List(ctx, ports.AuditQuery{MemberID: memberID, Limit: detailHistory})
	if err != nil {
		return nil, err
	}
	names := auditNames{staff: map[string][3]string{}, members: map[string][2]string{}}
	actor := func(e audit.Entry) string {
		_, name, role := names.staffOf(ctx, h.staff, e.StaffID)
		if role == "" {
			return name
		}
		return role + " " + name
	}
	used := make([]bool, len(entries))
	for i := range tl {
		if tl[i].Actor != "" {
			continue
		}
		if j := causeOf(hist[i], entries); j >= 0 {
			tl[i].Actor, used[j] = actor(entries[j]), true
			continue
		}
		tl[i].Actor = ownActor(hist[i].Event)
	}
	var extra []TimelineEntry // oldest first (the log lists newest first)
	for j := len(entries) - 1; j >= 0; j-- {
		if e := entries[j]; !used[j] {
			extra = append(extra, TimelineEntry{At: e.At, Event: "audit." + string(e.Action), Text: auditText(e),
				Actor: actor(e)})
		}
	}
	return mergeByTime(tl, extra), nil
}

// mergeByTime inserts extra (oldest first) into the timeline tl, each before
// the first entry of tl that is later, keeping tl's own order.
func mergeByTime(tl, extra []TimelineEntry) []TimelineEntry {
	if len(extra) == 0 {
		return tl
	}
	out := make([]TimelineEntry, 0, len(tl)+len(extra))
	j := 0
	for _, t := range tl {
		for j < len(extra) && extra[j].At.Before(t.At) {
			out, j = append(out, extra[j]), j+1
		}
		out = append(out, t)
	}
	return append(out, extra[j:]...)
}

// causeOf returns the index of the audit entry of the staff action that caused
// the event — the closest in time within actorWindow whose action fits — or -1.
func causeOf(h ports.HistoryEntry, entries []audit.Entry) int {
	fits := causes(h.Event)
	if fits == nil && ownActor(h.Event) != "" {
		return -1
	}
	best, bestGap := -1, actorWindow+1
	for j, e := range entries {
		gap := e.At.Sub(h.At).Abs()
		if gap <= actorWindow && gap < bestGap && (fits == nil || slices.Contains(fits, e.Action)) {
			best, bestGap = j, gap
		}
	}
	return best
}

// causes lists the staff actions that cause an event; nil for an event this
// table does not know (any staff action of the same moment is its cause).
func causes(e any) []audit.Action {
	switch e.(type) {
	case member.ApplicationApproved:
		return []audit.Action{audit.ApplicationApprove}
	case member.ApplicationRejected:
		return []audit.Action{audit.ApplicationReject}
	case member.PaymentClaimRejected:
		return []audit.Action{audit.PaymentReject}
	case member.PaymentConfirmed, member.ForwardedToSecretariat, member.MembershipRenewed:
		return []audit.Action{audit.PaymentConfirm, audit.StatementConfirm}
	case member.MembershipApproved:
		return []audit.Action{audit.MembershipApprove}
	// 账号协助: staff may cause what a member also asks for itself (without
	// such an entry the member did: ownActor).
	case member.PasswordResetRequested:
		return []audit.Action{audit.MemberSendReset}
	case member.EmailVerificationRequested:
		return []audit.Action{audit.MemberResendMail}
	case member.EmailChangeRequested:
		return []audit.Action{audit.MemberChangeEmail}
	}
	return registryCauses(e)
}

// ownActor is who did an event that no staff caused: the member, or the
// system (reminders, lapses); empty for an event staff may have caused.
func ownActor(e any) string {
	switch e.(type) {
	case member.Registered, member.EmailVerificationRequested, member.ApplicationSubmitted, member.PaymentClaimed,
		member.PasswordChanged, member.PasswordResetRequested, member.EmailChanged:
		return actorMember
	case member.RegistrationAttempted, member.MembershipExpiring, member.RenewalReminderDue,
		member.MembershipLapsed:
		return actorSystem
	case member.InfoChangeRequested, member.InfoChangeWithdrawn: // 信息变更 (issue 13)
		return actorMember
	}
	return ""
}

// auditText is the timeline's line of a staff action that caused no event.
func auditText(e audit.Entry) string {
	s := e.Action.Label()
	if e.Summary != "" {
		s += "：" + e.Summary
	}
	if e.Reason != "" {
		s += "，原因：" + e.Reason
	}
	return s
}
