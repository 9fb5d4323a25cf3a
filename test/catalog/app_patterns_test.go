package catalog_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// fieldMessage is the first field message of a use case's validation error.
func fieldMessage(t *testing.T, err error) string {
	t.Helper()
	var e *apperr.Error
	require.ErrorAs(t, err, &e)
	require.NotEmpty(t, e.Fields)
	return e.Fields[0].Message
}

// TestAppRunTimeMessagesAreTranslated builds messages the use cases make at
// run time — with amounts, numbers, dates, file types — by calling the real
// functions, and checks that the English catalog translates each whole (no
// Chinese left), while the Chinese text stays the one the tests assert.
func TestAppRunTimeMessagesAreTranslated(t *testing.T) {
	cat, err := i18n.New()
	require.NoError(t, err)
	until := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)

	_, mismatch := command.CheckInvoiceFile("file", "fapiao.pdf", []byte(`<?xml version="1.0"?><Invoice><No>1</No></Invoice>`))
	_, brokenOFD := command.CheckInvoiceFile("file", "fapiao.ofd", []byte("PK\x03\x04 not a zip"))
	cases := []struct{ zh, en string }{
		{query.FeesText(payment.Fees{Ordinary: 500000, Council: 1000000, Individual: 30000}),
			"Ordinary organisation members ¥5000/year, council-level and above organisation members ¥10000/year, individual members ¥300/year"},
		{fieldMessage(t, mismatch), "The file's content is XML, which does not match the extension .pdf; upload a genuine e-invoice file"},
		{fieldMessage(t, brokenOFD), "The OFD file is damaged or not a valid OFD e-invoice: not a valid archive"},
		{query.TimelineText(ports.HistoryEntry{Event: member.ApplicationApproved{Number: "2023001"}}),
			"Application approved; member No. 2023001 assigned"},
		{query.TimelineText(ports.HistoryEntry{Event: member.RenewalReminderDue{DaysLeft: 30, ValidUntil: until}}),
			"Renewal reminder sent: valid until 2026-12-31, 30 days left"},
		{query.TimelineText(ports.HistoryEntry{Event: member.RenewalReminderDue{DaysLeft: -3, ValidUntil: until}}),
			"Renewal reminder sent: membership expired on 2026-12-31, 3 days ago"},
		{query.TimelineText(ports.HistoryEntry{Event: member.PaymentConfirmed{Renewal: true, AmountFen: 500000, ValidUntil: until}}),
			"Renewal payment confirmed ¥5000, now valid until 2026-12-31"},
		{query.TimelineText(ports.HistoryEntry{Event: member.MembershipLapsed{ValidUntil: until}}),
			"Membership expired (valid until 2026-12-31)"},
	}
	for _, c := range cases {
		require.True(t, i18n.NeedsTranslation(c.zh), "the message is Chinese: %q", c.zh)
		got := cat.T(i18n.English, c.zh)
		assert.False(t, i18n.NeedsTranslation(got), "%q → %q still has Chinese", c.zh, got)
		assert.Equal(t, c.en, got)
		assert.Equal(t, c.zh, cat.T(i18n.Chinese, c.zh), "zh-CN is the key itself")
	}
	assert.Equal(t, "文件内容是XML，与扩展名 .pdf 不符，请上传真实的电子发票文件", fieldMessage(t, mismatch),
		"the Chinese message is unchanged by the pattern")
}
