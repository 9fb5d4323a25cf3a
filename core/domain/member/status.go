package member

// Status is a step of the membership lifecycle.
type Status string

// The lifecycle states, in the order a new member normally passes through them.
const (
	StatusRegistered          Status = "registered"           // account created, no application yet
	StatusDraft               Status = "draft"                // application form being filled in
	StatusSubmitted           Status = "submitted"            // waiting for a reviewer
	StatusRejected            Status = "rejected"             // returned to the member with a reason
	StatusApproved            Status = "approved"             // member number assigned, fee due
	StatusPaymentClaimed      Status = "payment_claimed"      // member says the fee was transferred
	StatusPaid                Status = "paid"                 // finance confirmed the fee
	StatusAwaitingSecretariat Status = "awaiting_secretariat" // forwarded for the secretariat's approval
	StatusActive              Status = "active"               // a member with a validity period
	StatusExpiring            Status = "expiring"             // active, with the end of validity near
	StatusLapsed              Status = "lapsed"               // validity and grace period over
	StatusSuspended           Status = "suspended"            // membership suspended by the staff (暂停)
	StatusWithdrawn           Status = "withdrawn"            // left the association (退会); final
)

// Label returns the Chinese label shown to members and staff.
func (s Status) Label() string {
	switch s {
	case StatusRegistered:
		return "已注册"
	case StatusDraft:
		return "填写入会申请表"
	case StatusSubmitted:
		return "等待审核"
	case StatusRejected:
		return "审核未通过"
	case StatusApproved:
		return "审核通过，待缴费"
	case StatusPaymentClaimed:
		return "已申请查看缴费状态"
	case StatusPaid:
		return "已完成缴费"
	case StatusAwaitingSecretariat:
		return "等待秘书处审批"
	case StatusActive:
		return "正常"
	case StatusExpiring:
		return "即将到期"
	case StatusLapsed:
		return "已过期"
	case StatusSuspended:
		return "已暂停"
	case StatusWithdrawn:
		return "已退会"
	}
	return string(s)
}

// Step returns the step (1–4) of the four-step join flow the status belongs to:
// ① 注册账号 → ② 填写入会申请表 → ③ 打印盖章并上传 → ④ 缴费并等待审核. Members past the
// flow return 0.
func (s Status) Step() int {
	switch s {
	case StatusRegistered, StatusDraft, StatusRejected:
		return 2
	case StatusSubmitted, StatusApproved, StatusPaymentClaimed, StatusPaid, StatusAwaitingSecretariat:
		return 4
	}
	return 0
}

// IsMember reports whether the status is one of a full member (validity set).
func (s Status) IsMember() bool {
	return s == StatusActive || s == StatusExpiring
}

// Restricted reports whether the member is suspended or withdrawn: it may still
// log in and read its home page and notifications, but may not pay, apply or
// change its application.
func (s Status) Restricted() bool { return s == StatusSuspended || s == StatusWithdrawn }

// transitions lists, for each status, the statuses it may move to.
var transitions = map[Status][]Status{
	StatusRegistered:          {StatusDraft},
	StatusDraft:               {StatusDraft, StatusSubmitted},
	StatusSubmitted:           {StatusApproved, StatusRejected},
	StatusRejected:            {StatusDraft, StatusSubmitted},
	StatusApproved:            {StatusPaymentClaimed, StatusPaid, StatusWithdrawn},
	StatusPaymentClaimed:      {StatusApproved, StatusPaid},
	StatusPaid:                {StatusAwaitingSecretariat, StatusWithdrawn},
	StatusAwaitingSecretariat: {StatusActive, StatusWithdrawn},
	StatusActive:              {StatusActive, StatusExpiring, StatusLapsed, StatusSuspended, StatusWithdrawn},
	StatusExpiring:            {StatusActive, StatusLapsed, StatusSuspended, StatusWithdrawn},
	StatusLapsed:              {StatusActive, StatusSuspended, StatusWithdrawn},
	// Reinstatement returns a suspended member to active; the renewal rules
	// then mark it expiring or lapsed as its validity says.
	StatusSuspended: {StatusActive, StatusWithdrawn},
	StatusWithdrawn: {},
}

// AllStatuses returns every lifecycle status.
func AllStatuses() []Status {
	return []Status{StatusRegistered, StatusDraft, StatusSubmitted, StatusRejected, StatusApproved,
		StatusPaymentClaimed, StatusPaid, StatusAwaitingSecretariat, StatusActive, StatusExpiring, StatusLapsed,
		StatusSuspended, StatusWithdrawn}
}

// CanMoveTo reports whether the lifecycle allows moving from s to next.
func (s Status) CanMoveTo(next Status) bool {
	for _, t := range transitions[s] {
		if t == next {
			return true
		}
	}
	return false
}
