package invoice_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// TestStatusLineEveryCombination states the 缴费状态 line for every kind,
// payment state, invoice state and advance state; the manual's lines are
// among them.
func TestStatusLineEveryCombination(t *testing.T) {
	t.Parallel()
	invoices := []invoice.State{"", invoice.StatePending, invoice.StateIssued}
	// want gives the line of an enterprise by payment state, then the
	// exceptions by invoice/advance.
	paid := func(inv invoice.State, adv invoice.AdvanceState) string {
		switch {
		case inv == invoice.StateIssued || adv == invoice.AdvanceSettled || adv == invoice.AdvanceOpen:
			return "已完成缴费;已开发票"
		case inv == invoice.StatePending || adv == invoice.AdvanceRequested:
			return "已完成缴费;发票申请中"
		}
		return "已完成缴费;无发票申请记录"
	}
	before := map[invoice.AdvanceState]string{invoice.AdvanceOpen: "-已借发票",
		invoice.AdvanceRequested: "-借发票申请中", invoice.AdvanceWrittenOff: "-借发票已核销"}
	n := 0
	for _, kind := range []member.Kind{member.Enterprise, member.Individual} {
		for _, p := range payment.States() {
			for _, inv := range invoices {
				for _, adv := range invoice.AdvanceStates() {
					for _, owing := range []int64{0, 100000} {
						got := invoice.StatusLine(kind, p, invoice.Standing{Invoice: inv, Advance: adv,
							PaidFen: 400000 * min(owing, 1), OwingFen: owing})
						want := "缴费状态："
						if p == payment.StatePaid {
							want += paid(inv, adv)
							if kind == member.Individual {
								want = trimNone(want)
							}
						} else {
							want += map[payment.State]string{payment.StateUnpaid: "未缴费",
								payment.StateConfirming: "缴费确认中", payment.StatePartial: "部分缴费"}[p]
							if owing > 0 {
								want += "（已缴¥4000，尚欠¥1000）"
							}
							switch suffix, ok := before[adv]; {
							case ok:
								want += suffix
							case kind == member.Enterprise:
								want += "-未开发票"
							}
						}
						assert.Equal(t, want, got, fmt.Sprintf("%s/%s/%q/%q/%d", kind, p, inv, adv, owing))
						n++
					}
				}
			}
		}
	}
	assert.Equal(t, 2*4*3*6*2, n)
	// The manual's own lines.
	assert.Equal(t, "缴费状态：未缴费-未开发票",
		invoice.StatusLine(member.Enterprise, payment.StateUnpaid, invoice.Standing{}))
	assert.Equal(t, "缴费状态：已完成缴费;无发票申请记录",
		invoice.StatusLine(member.Enterprise, payment.StatePaid, invoice.Standing{}))
	assert.Equal(t, "缴费状态：已完成缴费;已开发票",
		invoice.StatusLine(member.Enterprise, payment.StatePaid, invoice.Standing{Invoice: invoice.StateIssued}))
	assert.Equal(t, "缴费状态：未缴费-已借发票",
		invoice.StatusLine(member.Enterprise, payment.StateUnpaid, invoice.Standing{Advance: invoice.AdvanceOpen}))
	assert.Equal(t, "缴费状态：已完成缴费",
		invoice.StatusLine(member.Individual, payment.StatePaid, invoice.Standing{}))
	// The money cases: a fee partly paid, then its balance awaiting finance.
	assert.Equal(t, "缴费状态：部分缴费（已缴¥4000，尚欠¥1000）-未开发票",
		invoice.StatusLine(member.Enterprise, payment.StatePartial, invoice.Standing{PaidFen: 400000, OwingFen: 100000}))
	assert.Equal(t, "缴费状态：缴费确认中（已缴¥4000，尚欠¥1000）-已借发票",
		invoice.StatusLine(member.Enterprise, payment.StateConfirming,
			invoice.Standing{Advance: invoice.AdvanceOpen, PaidFen: 400000, OwingFen: 100000}))
	assert.Equal(t, "缴费状态：部分缴费（已缴¥300，尚欠¥180）",
		invoice.StatusLine(member.Individual, payment.StatePartial, invoice.Standing{PaidFen: 30000, OwingFen: 18000}))
}

// trimNone drops 「;无发票申请记录」: an individual who asked for nothing sees the payment only.
func trimNone(s string) string {
	const none = ";无发票申请记录"
	if len(s) > len(none) && s[len(s)-len(none):] == none {
		return s[:len(s)-len(none)]
	}
	return s
}

func TestStandingOf(t *testing.T) {
	t.Parallel()
	r, err := invoice.NewRequest("m1", "测试号", confirmed("m1"), details(), true, now)
	assert.NoError(t, err)
	assert.Equal(t, invoice.Standing{Invoice: invoice.StatePending}, invoice.StandingOf([]*invoice.Request{r}, "pay1"))
	assert.Equal(t, invoice.Standing{}, invoice.StandingOf([]*invoice.Request{r}, "pay2"), "another period's payment")
	a, err := invoice.NewAdvance("m1", "测试号", details(), invoice.AdvanceForm{Reason: "先开票",
		ExpectedOn: today(), Contact: "王", ContactPhone: "13800138000"}, 1, 1, true, today(), now)
	assert.NoError(t, err)
	assert.Equal(t, invoice.AdvanceRequested, invoice.StandingOf([]*invoice.Request{a}, "").Advance)
	assert.NoError(t, a.AttachScan(invoice.File{Key: "s"}, now))
	assert.NoError(t, a.Issue(invoice.Issued{Number: "12345678", Date: today(), AmountFen: 1,
		File: invoice.File{Key: "f"}}, today(), now))
	assert.NoError(t, a.Settle("pay1", now))
	assert.Equal(t, invoice.AdvanceSettled, invoice.StandingOf([]*invoice.Request{a}, "pay1").Advance)
	assert.Equal(t, invoice.AdvanceNone, invoice.StandingOf([]*invoice.Request{a}, "pay7").Advance,
		"an advance that settled an earlier year's fee")
}
