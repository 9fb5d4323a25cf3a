package payment

import "github.com/openassoc/membership/core/domain/member"

// State is where the fee of the current period stands, as the member sees it.
type State string

// The payment states.
const (
	StateUnpaid     State = "unpaid"     // nothing paid or claimed for the period
	StateConfirming State = "confirming" // a claim, voucher or statement line awaits finance
	StatePaid       State = "paid"       // the fee of the period is confirmed
	// StatePartial: part of the fee arrived (a partial payment), the balance is due.
	StatePartial State = "partial"
)

// InvoiceState is where the fee's invoice (发票) stands. Invoices come with a
// later feature; until then every member's is InvoiceNone.
type InvoiceState string

// The invoice states.
const (
	InvoiceNone      InvoiceState = "none"      // no invoice requested
	InvoiceRequested InvoiceState = "requested" // requested (or an advance invoice 借发票), not yet issued
	InvoiceIssued    InvoiceState = "issued"    // issued
)

// States lists every payment state and InvoiceStates every invoice state, for
// tests that go over every combination.
func States() []State { return []State{StateUnpaid, StateConfirming, StatePaid, StatePartial} }

// InvoiceStates lists every invoice state.
func InvoiceStates() []InvoiceState {
	return []InvoiceState{InvoiceNone, InvoiceRequested, InvoiceIssued}
}

// StatusLine is the 缴费状态 line of the 缴纳会费 page, in the manual's words:
// enterprises see the payment and the invoice (「缴费状态：未缴费-未开发票」,
// 「缴费状态：已完成缴费;无发票申请记录」), individuals, who get no invoices, only the
// payment (「缴费状态：未缴费」, 「缴费状态：已完成缴费」). Unknown states read as the
// first of their list.
func StatusLine(kind member.Kind, p State, inv InvoiceState) string {
	const prefix = "缴费状态："
	var pay string
	switch p {
	case StatePaid:
		pay = "已完成缴费"
	case StateConfirming:
		pay = "缴费确认中"
	case StatePartial:
		pay = "部分缴费"
	default:
		pay = "未缴费"
	}
	if kind == member.Individual {
		return prefix + pay
	}
	if p == StatePaid {
		// After payment the manual reads 「已完成缴费;无发票申请记录」.
		switch inv {
		case InvoiceIssued:
			return prefix + pay + ";已开发票"
		case InvoiceRequested:
			return prefix + pay + ";发票申请中"
		default:
			return prefix + pay + ";无发票申请记录"
		}
	}
	// Before payment it reads 「未缴费-未开发票」; an advance invoice (借发票) may
	// be requested or issued before the fee arrives.
	switch inv {
	case InvoiceIssued:
		return prefix + pay + "-已开发票"
	case InvoiceRequested:
		return prefix + pay + "-发票申请中"
	default:
		return prefix + pay + "-未开发票"
	}
}

// StateOf derives the payment state of the current period from the member's
// lifecycle status and whether a claim (or order paid but not yet confirmed)
// is open: a member in the join flow is unpaid until approved → claimed →
// paid; a member with validity has paid the current period, a lapsed one has not.
func StateOf(s member.Status, openClaim bool) State {
	switch s {
	case member.StatusPaymentClaimed:
		return StateConfirming
	case member.StatusPaid, member.StatusAwaitingSecretariat, member.StatusActive:
		return StatePaid
	case member.StatusExpiring:
		if openClaim { // a renewal awaits finance
			return StateConfirming
		}
		return StatePaid
	}
	if openClaim {
		return StateConfirming
	}
	return StateUnpaid
}

// DashboardLabel is the 缴费状态 of the home page's 会员信息 (「缴费状态: 正常缴费」).
func DashboardLabel(s member.Status) string {
	switch s {
	case member.StatusPaid, member.StatusAwaitingSecretariat, member.StatusActive, member.StatusExpiring:
		return "正常缴费"
	case member.StatusPaymentClaimed:
		return "缴费确认中"
	case member.StatusLapsed:
		return "已欠费"
	case member.StatusSuspended:
		return "会籍暂停，暂不能缴费"
	case member.StatusWithdrawn:
		return "已退会"
	case member.StatusApproved:
		return "未缴费"
	}
	return "--"
}
