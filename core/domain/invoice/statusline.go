package invoice

import (
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// Standing is where a member's invoices stand for the 缴费状态 line: the
// invoice of the current period's payment (none, pending or issued) and the
// latest advance invoice.
type Standing struct {
	Invoice State // "" (none), StatePending or StateIssued
	Advance AdvanceState
	// PaidFen and OwingFen are, for a fee partly paid (partial payments whose
	// balance is still due), what arrived so far and the balance; both zero
	// otherwise.
	PaidFen, OwingFen int64
}

// StandingOf sums up a member's requests: the live request of payment
// paymentID (the current period's confirmed payment; empty when none) and
// the state of the newest advance that is not closed (a settled one only if
// it settled that payment).
func StandingOf(reqs []*Request, paymentID string) Standing {
	var s Standing
	var newestAdvance *Request
	for _, r := range reqs {
		if paymentID != "" && r.PaymentID() == paymentID && r.State().Live() {
			if s.Invoice != StateIssued {
				s.Invoice = r.State()
			}
		}
		if r.IsAdvance() && r.AdvanceState() != AdvanceClosed &&
			(newestAdvance == nil || r.Created().After(newestAdvance.Created())) {
			newestAdvance = r
		}
	}
	if newestAdvance != nil {
		s.Advance = newestAdvance.AdvanceState()
		if s.Advance == AdvanceSettled && newestAdvance.PaymentID() != paymentID {
			s.Advance = AdvanceNone // it settled an earlier period's fee
		}
	}
	return s
}

// StatusLine is the 缴费状态 line of the 缴纳会费 page and the member's home,
// in the manual's words, over payment, invoice and advance invoice: after
// payment 「已完成缴费;无发票申请记录」, 「已完成缴费;发票申请中」, 「已完成缴费;已开发票」
// (an advance the fee settled is the fee's invoice); before it
// 「未缴费-未开发票」, 「未缴费-借发票申请中」, 「未缴费-已借发票」; a fee partly paid
// reads 「部分缴费（已缴¥4000，尚欠¥1000）-未开发票」 (「缴费确认中（已缴…，尚欠…）」
// while the balance's payment awaits finance). Individuals,
// for whom invoices are optional, see only the payment until they ask for one.
func StatusLine(kind member.Kind, p payment.State, s Standing) string {
	const prefix = "缴费状态："
	pay := "未缴费"
	switch p {
	case payment.StatePaid:
		pay = "已完成缴费"
	case payment.StateConfirming:
		pay = "缴费确认中"
	case payment.StatePartial:
		pay = "部分缴费"
	}
	if p != payment.StatePaid && s.OwingFen > 0 {
		pay += "（" + payment.OwingText(s.PaidFen, s.OwingFen) + "）"
	}
	person := kind == member.Individual
	if p == payment.StatePaid {
		switch {
		case s.Invoice == StateIssued || s.Advance == AdvanceSettled || s.Advance == AdvanceOpen:
			return prefix + pay + ";已开发票"
		case s.Invoice == StatePending || s.Advance == AdvanceRequested:
			return prefix + pay + ";发票申请中"
		case person:
			return prefix + pay
		}
		return prefix + pay + ";无发票申请记录"
	}
	switch s.Advance {
	case AdvanceOpen:
		return prefix + pay + "-已借发票"
	case AdvanceRequested:
		return prefix + pay + "-借发票申请中"
	case AdvanceWrittenOff:
		return prefix + pay + "-借发票已核销"
	}
	if person {
		return prefix + pay
	}
	return prefix + pay + "-未开发票"
}
