package payment_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// TestStatusLineEveryCombination states the 缴费状态 line for every kind, payment
// state and invoice state; the manual's own lines are among them.
func TestStatusLineEveryCombination(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		// enterprise: payment and invoice
		"enterprise/unpaid/none":          "缴费状态：未缴费-未开发票", // the manual, before payment
		"enterprise/unpaid/requested":     "缴费状态：未缴费-发票申请中",
		"enterprise/unpaid/issued":        "缴费状态：未缴费-已开发票",
		"enterprise/confirming/none":      "缴费状态：缴费确认中-未开发票",
		"enterprise/confirming/requested": "缴费状态：缴费确认中-发票申请中",
		"enterprise/confirming/issued":    "缴费状态：缴费确认中-已开发票",
		"enterprise/paid/none":            "缴费状态：已完成缴费;无发票申请记录", // the manual, after payment
		"enterprise/paid/requested":       "缴费状态：已完成缴费;发票申请中",
		"enterprise/paid/issued":          "缴费状态：已完成缴费;已开发票",
		"enterprise/partial/none":         "缴费状态：部分缴费-未开发票",
		"enterprise/partial/requested":    "缴费状态：部分缴费-发票申请中",
		"enterprise/partial/issued":       "缴费状态：部分缴费-已开发票",
		"individual/partial/none":         "缴费状态：部分缴费",
		"individual/partial/requested":    "缴费状态：部分缴费",
		"individual/partial/issued":       "缴费状态：部分缴费",
		// individual: no invoices, as the manual's individual page shows
		"individual/unpaid/none":          "缴费状态：未缴费",
		"individual/unpaid/requested":     "缴费状态：未缴费",
		"individual/unpaid/issued":        "缴费状态：未缴费",
		"individual/confirming/none":      "缴费状态：缴费确认中",
		"individual/confirming/requested": "缴费状态：缴费确认中",
		"individual/confirming/issued":    "缴费状态：缴费确认中",
		"individual/paid/none":            "缴费状态：已完成缴费",
		"individual/paid/requested":       "缴费状态：已完成缴费",
		"individual/paid/issued":          "缴费状态：已完成缴费",
	}
	n := 0
	for _, kind := range []member.Kind{member.Enterprise, member.Individual} {
		for _, p := range payment.States() {
			for _, inv := range payment.InvoiceStates() {
				key := fmt.Sprintf("%s/%s/%s", kind, p, inv)
				exp, ok := want[key]
				if assert.True(t, ok, "no expectation for %s", key) {
					assert.Equal(t, exp, payment.StatusLine(kind, p, inv), key)
				}
				n++
			}
		}
	}
	assert.Equal(t, len(want), n, "every expectation is a real combination")
	assert.Equal(t, "缴费状态：未缴费-未开发票", payment.StatusLine(member.Enterprise, "bogus", "bogus"))
}

func TestStateOfEveryStatus(t *testing.T) {
	t.Parallel()
	want := map[member.Status][2]payment.State{ // without, with an open claim
		member.StatusRegistered:          {payment.StateUnpaid, payment.StateConfirming},
		member.StatusDraft:               {payment.StateUnpaid, payment.StateConfirming},
		member.StatusSubmitted:           {payment.StateUnpaid, payment.StateConfirming},
		member.StatusRejected:            {payment.StateUnpaid, payment.StateConfirming},
		member.StatusApproved:            {payment.StateUnpaid, payment.StateConfirming},
		member.StatusPaymentClaimed:      {payment.StateConfirming, payment.StateConfirming},
		member.StatusPaid:                {payment.StatePaid, payment.StatePaid},
		member.StatusAwaitingSecretariat: {payment.StatePaid, payment.StatePaid},
		member.StatusActive:              {payment.StatePaid, payment.StatePaid},
		member.StatusExpiring:            {payment.StatePaid, payment.StateConfirming},
		member.StatusLapsed:              {payment.StateUnpaid, payment.StateConfirming},
		member.StatusSuspended:           {payment.StateUnpaid, payment.StateConfirming},
		member.StatusWithdrawn:           {payment.StateUnpaid, payment.StateConfirming},
	}
	for _, s := range member.AllStatuses() {
		w, ok := want[s]
		if !assert.True(t, ok, s) {
			continue
		}
		assert.Equal(t, w[0], payment.StateOf(s, false), s)
		assert.Equal(t, w[1], payment.StateOf(s, true), s)
	}
}

func TestDashboardLabel(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "正常缴费", payment.DashboardLabel(member.StatusAwaitingSecretariat))
	assert.Equal(t, "正常缴费", payment.DashboardLabel(member.StatusActive))
	assert.Equal(t, "未缴费", payment.DashboardLabel(member.StatusApproved))
	assert.Equal(t, "缴费确认中", payment.DashboardLabel(member.StatusPaymentClaimed))
	assert.Equal(t, "已欠费", payment.DashboardLabel(member.StatusLapsed))
	assert.Equal(t, "--", payment.DashboardLabel(member.StatusSubmitted))
}

func TestPurposeFor(t *testing.T) {
	t.Parallel()
	for _, s := range member.AllStatuses() {
		p, ok := payment.PurposeFor(s)
		switch s {
		case member.StatusApproved, member.StatusPaymentClaimed:
			assert.True(t, ok)
			assert.Equal(t, payment.PurposeJoin, p)
		case member.StatusExpiring, member.StatusLapsed:
			assert.True(t, ok)
			assert.Equal(t, payment.PurposeRenewal, p)
		default:
			assert.False(t, ok, s)
		}
	}
}
