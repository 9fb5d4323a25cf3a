package command_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/command/imagetest"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) advancePorts() command.InvoicePorts {
	p := e.invoicePorts(&outbox{})
	p.Settings = e.settings()
	return p
}

func (e *env) advanceCmd(m *member.Member, amount int64) command.RequestAdvanceInvoice {
	return command.RequestAdvanceInvoice{Principal: apptest.MemberOf(m), Details: plainDetails(), AmountFen: amount,
		Form: invoice.AdvanceForm{Reason: "年底财务结算需先开票", ExpectedOn: e.clock.Now().AddDate(0, 0, 30).Truncate(24 * time.Hour),
			Contact: "李会计", ContactPhone: "13800138000"}}
}

// 借发票 from request to settlement: a wrong amount is refused; the member
// asks for the fee due, uploads the stamped form (an HTML page is refused by
// content), finance issues it (the advance is open), and the fee's later
// confirmation settles it once: a second settlement changes nothing and a
// write-off of the settled advance is refused.
func TestAdvanceInvoiceSettledByThePayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.advancePorts()
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	ask := command.NewRequestAdvanceInvoiceHandler(p)
	_, err := ask.Handle(e.ctx, e.advanceCmd(m, 400000))
	assert.Equal(t, invoice.ErrAmount, fieldCodes(err)["amount"])
	reqs, err := e.store.Invoices().ListForMember(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, reqs)

	rid, err := ask.Handle(e.ctx, e.advanceCmd(m, 500000))
	require.NoError(t, err)
	_, err = ask.Handle(e.ctx, e.advanceCmd(m, 500000))
	wantErr(t, err, apperr.KindConflict, invoice.ErrAlreadyAsked)

	finance := apptest.StaffOf(access.RoleFinance)
	issue := command.NewIssueInvoiceHandler(p)
	wantErr(t, issue.Handle(e.ctx, e.issueCmd(finance, rid, "fp.pdf", samplePDF)), apperr.KindConflict, "scan_missing")

	up := command.NewUploadAdvanceScanHandler(p)
	err = up.Handle(e.ctx, command.UploadAdvanceScan{Principal: apptest.MemberOf(m), RequestID: rid,
		FileName: "scan.pdf", Content: strings.NewReader("<html>not a scan</html>")})
	assert.Equal(t, "file_type", fieldCodes(err)["scan"])
	other := e.member(member.Enterprise, "别家公司", member.StatusApproved)
	wantErr(t, up.Handle(e.ctx, command.UploadAdvanceScan{Principal: apptest.MemberOf(other), RequestID: rid,
		FileName: "scan.png", Content: strings.NewReader(string(imagetest.PNG16(20, 20)))}),
		apperr.KindNotFound, "invoice_not_found")
	assert.Empty(t, e.files.Keys())
	require.NoError(t, up.Handle(e.ctx, command.UploadAdvanceScan{Principal: apptest.MemberOf(m), RequestID: rid,
		FileName: "scan.png", Content: strings.NewReader(string(imagetest.PNG16(20, 20)))}))

	require.NoError(t, issue.Handle(e.ctx, e.issueCmd(finance, rid, "fp.pdf", samplePDF)))
	r, err := e.store.Invoices().Get(e.ctx, rid)
	require.NoError(t, err)
	assert.Equal(t, invoice.AdvanceOpen, r.AdvanceState())

	pid := e.claim(m)
	require.NoError(t, e.confirmPayment().Handle(e.ctx, e.receipt(finance, pid, 500000, "B777")))
	settle := command.NewSettleAdvanceHandler(p)
	got, err := settle.Handle(e.ctx, m.ID(), pid)
	require.NoError(t, err)
	assert.Equal(t, rid, got)
	again, err := settle.Handle(e.ctx, m.ID(), pid)
	require.NoError(t, err)
	assert.Empty(t, again, "settling twice changes nothing")
	r, err = e.store.Invoices().Get(e.ctx, rid)
	require.NoError(t, err)
	assert.Equal(t, invoice.AdvanceSettled, r.AdvanceState())
	assert.Equal(t, pid, r.PaymentID())
	wantErr(t, command.NewWriteOffAdvanceHandler(p).Handle(e.ctx, command.WriteOffAdvance{Principal: finance,
		RequestID: rid, Reason: "无法收回"}), apperr.KindConflict, invoice.ErrAdvanceSettled)
}

// Finance writes off an open advance with a reason (audited); it is no longer
// open, and a reason is required.
func TestWriteOffAdvance(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.advancePorts()
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	rid, err := command.NewRequestAdvanceInvoiceHandler(p).Handle(e.ctx, e.advanceCmd(m, 500000))
	require.NoError(t, err)
	require.NoError(t, command.NewUploadAdvanceScanHandler(p).Handle(e.ctx, command.UploadAdvanceScan{
		Principal: apptest.MemberOf(m), RequestID: rid, FileName: "s.pdf", Content: strings.NewReader(samplePDF)}))
	finance := apptest.StaffOf(access.RoleFinance)
	require.NoError(t, command.NewIssueInvoiceHandler(p).Handle(e.ctx, e.issueCmd(finance, rid, "fp.pdf", samplePDF)))
	w := command.NewWriteOffAdvanceHandler(p)
	assert.Contains(t, fieldCodes(w.Handle(e.ctx, command.WriteOffAdvance{Principal: finance, RequestID: rid})),
		"reason")
	require.NoError(t, w.Handle(e.ctx, command.WriteOffAdvance{Principal: finance, RequestID: rid,
		Reason: "企业已注销"}))
	r, err := e.store.Invoices().Get(e.ctx, rid)
	require.NoError(t, err)
	assert.Equal(t, invoice.AdvanceWrittenOff, r.AdvanceState())
	open, err := e.store.Invoices().OpenAdvances(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, open)
}

// An open advance is reminded on its expected day and 30 days on, each once:
// a notification and an email; a rerun adds nothing; a settled one none.
func TestRemindOverdueAdvances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mail := &outbox{}
	p := e.invoicePorts(mail)
	p.Settings = e.settings()
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	cmd := e.advanceCmd(m, 500000)
	y, mo, d := e.clock.Now().In(cst()).Date()
	cmd.Form.ExpectedOn = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	rid, err := command.NewRequestAdvanceInvoiceHandler(p).Handle(e.ctx, cmd)
	require.NoError(t, err)
	require.NoError(t, command.NewUploadAdvanceScanHandler(p).Handle(e.ctx, command.UploadAdvanceScan{
		Principal: apptest.MemberOf(m), RequestID: rid, FileName: "s.pdf", Content: strings.NewReader(samplePDF)}))
	require.NoError(t, command.NewIssueInvoiceHandler(p).Handle(e.ctx,
		e.issueCmd(apptest.StaffOf(access.RoleFinance), rid, "fp.pdf", samplePDF)))
	sent := func() int { return len(mail.sent) }
	issuedMails := sent()
	remind := command.NewRemindAdvancesHandler(p, nil)
	_, err = remind.Handle(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, issuedMails, sent(), "not yet due")

	e.clock.Advance(24 * time.Hour)
	_, err = remind.Handle(e.ctx)
	require.NoError(t, err)
	_, err = remind.Handle(e.ctx)
	require.NoError(t, err)
	require.Equal(t, issuedMails+1, sent(), "the day's reminder, once")
	last := mail.sent[len(mail.sent)-1]
	assert.Equal(t, "借发票回款提醒", last.Subject)
	assert.Contains(t, last.Text, "已过预计缴费日期")

	e.clock.Advance(30 * 24 * time.Hour)
	_, err = remind.Handle(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, issuedMails+2, sent(), "the +30 reminder")
	ns, _, err := e.store.Notifications().ListForMember(e.ctx, m.ID(), 20, 0)
	require.NoError(t, err)
	reminders := 0
	for _, n := range ns {
		if strings.Contains(n.Text, "已过预计缴费日期") {
			reminders++
		}
	}
	assert.Equal(t, 2, reminders)
}

// The expected day of a 借发票 is a calendar day in the association's zone: at
// 00:30 in Shanghai (16:30 UTC the day before) today is accepted whether the web
// form sends it as midnight in Shanghai or the API as midnight UTC, and
// yesterday is refused.
func TestAdvanceExpectedDayIsTheZonesCalendarDay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.clock.Set(time.Date(2024, 3, 1, 16, 30, 0, 0, time.UTC)) // 2024-03-02 00:30 in Shanghai
	p := e.advancePorts()
	ask := command.NewRequestAdvanceInvoiceHandler(p)
	for i, day := range []time.Time{
		time.Date(2024, 3, 2, 0, 0, 0, 0, cst()),    // the web form
		time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), // the API
	} {
		m := e.member(member.Enterprise, fmt.Sprintf("时区测试公司%d", i), member.StatusApproved)
		cmd := e.advanceCmd(m, 500000)
		cmd.Form.ExpectedOn = day
		_, err := ask.Handle(e.ctx, cmd)
		require.NoError(t, err, "today (%s) is not past", day)
	}
	m := e.member(member.Enterprise, "昨天测试公司", member.StatusApproved)
	cmd := e.advanceCmd(m, 500000)
	cmd.Form.ExpectedOn = time.Date(2024, 3, 1, 0, 0, 0, 0, cst())
	_, err := ask.Handle(e.ctx, cmd)
	assert.Equal(t, "past", fieldCodes(err)["expected_on"])
}
