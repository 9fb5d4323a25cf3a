package payment

import "github.com/openassoc/membership/core/domain/member"

// StateNotDue is the fee state of a member whose application is not approved
// yet: no fee is due, so the member is neither paid nor unpaid.
const StateNotDue State = "not_due"

// MemberState is the fee state the member registry (会员管理) files a member
// under: StateNotDue before the application is approved and while suspended or
// after withdrawal (no fee may be paid), StateOf otherwise.
// openClaim tells whether a claim or voucher of the member waits for finance.
func MemberState(s member.Status, openClaim bool) State {
	switch s {
	case member.StatusRegistered, member.StatusDraft, member.StatusSubmitted, member.StatusRejected,
		member.StatusSuspended, member.StatusWithdrawn:
		return StateNotDue
	}
	return StateOf(s, openClaim)
}

// MemberStates lists the fee states of the registry, in the order its filter
// shows them.
func MemberStates() []State { return []State{StateUnpaid, StateConfirming, StatePaid, StateNotDue} }

// Label returns the Chinese label of a fee state (未缴费, 缴费确认中, 已缴费,
// 无需缴费); an unknown state reads as its code.
func (s State) Label() string {
	switch s {
	case StateUnpaid:
		return "未缴费"
	case StateConfirming:
		return "缴费确认中"
	case StatePaid:
		return "已缴费"
	case StateNotDue:
		return "未到缴费阶段"
	}
	return string(s)
}
