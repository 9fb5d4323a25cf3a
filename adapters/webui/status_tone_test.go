package webui

import (
	"testing"

	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/domain/submission"
)

// TestStatusTone checks the one colour scheme: waiting neutral, in progress blue,
// done green, action needed amber, rejected or lapsed red, read from the labels
// the domain types show.
func TestStatusTone(t *testing.T) {
	cases := []struct {
		label, want string
	}{
		{member.StatusRegistered.Label(), toneWaiting},
		{member.StatusActive.Label(), toneDone},
		{member.StatusExpiring.Label(), toneAction},
		{member.StatusLapsed.Label(), toneFailed},
		{member.StatusRejected.Label(), toneFailed},
		{payment.StatusOpen.Label(), toneWaiting},
		{payment.StatusConfirmed.Label(), toneDone},
		{invoice.StateIssued.Label(), toneDone},
		{"缴费确认中", toneProgress},
		{"未验证", toneAction},
		{"某个未知状态", toneWaiting},
		{submission.Rejected.Label(), toneFailed},
		{infochange.Rejected.Label(), infoChangeTone(infochange.Rejected)}, // one tone for both 未通过
		{submission.Approved.Label(), toneDone},
	}
	for _, c := range cases {
		if got := statusTone(c.label); got != c.want {
			t.Errorf("statusTone(%q) = %q, want %q", c.label, got, c.want)
		}
	}
}
