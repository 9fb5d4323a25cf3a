package command_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// outbox is a Mailer that keeps what it is given.
type outbox struct {
	mu   sync.Mutex
	sent []ports.Message
}

func (o *outbox) Send(_ context.Context, m ports.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

// samplePDF is a minimal well-formed PDF.
const samplePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"

func (e *env) invoicePorts(mail *outbox) command.InvoicePorts {
	return command.InvoicePorts{Members: e.store.Members(), Payments: e.store.Payments(),
		Invoices: e.store.Invoices(), Files: e.files, Tx: e.store.Transactor(), Notifications: e.store.Notifications(),
		Mailer: mail, Authz: e.policy, Clock: e.clock, Audit: command.NewAuditor(e.store.AuditLog(), e.clock),
		Location: cst(), BaseURL: "https://members.example.org"}
}

// paid returns an enterprise whose transfer finance confirmed, and the payment.
func (e *env) paid(name string) (*member.Member, string) {
	e.t.Helper()
	m := e.member(member.Enterprise, name, member.StatusApproved)
	pid := e.claim(m)
	require.NoError(e.t, e.confirmPayment().Handle(e.ctx, e.receipt(apptest.StaffOf(access.RoleFinance), pid,
		500000, "B"+pid[len(pid)-6:])))
	return e.get(m.ID()), pid
}

func plainDetails() invoice.Details {
	return invoice.Details{Title: "星河科技有限公司", TaxID: membertest.ValidUSCC, Kind: invoice.KindPlain,
		Email: "cw@xinghe.example"}
}

func (e *env) issueCmd(p access.Principal, reqID, name, content string) command.IssueInvoice {
	return command.IssueInvoice{Principal: p, RequestID: reqID, Number: "24112000000012345678",
		Date: e.clock.Now(), AmountFen: 500000, FileName: name, Content: strings.NewReader(content)}
}

// The whole way: the member asks for an invoice of its confirmed payment,
// finance issues it with a PDF; the issue is audited, the member notified in
// the manual's words and emailed with the file attached.
func TestIssueInvoice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mail := &outbox{}
	p := e.invoicePorts(mail)
	m, pid := e.paid("星河科技有限公司")
	rid, err := command.NewRequestInvoiceHandler(p).Handle(e.ctx, command.RequestInvoice{
		Principal: apptest.MemberOf(m), PaymentID: pid, Details: plainDetails()})
	require.NoError(t, err)

	finance := apptest.StaffOf(access.RoleFinance)
	require.NoError(t, command.NewIssueInvoiceHandler(p).Handle(e.ctx, e.issueCmd(finance, rid, "fp.pdf", samplePDF)))
	r, err := e.store.Invoices().Get(e.ctx, rid)
	require.NoError(t, err)
	assert.Equal(t, invoice.StateIssued, r.State())
	assert.Equal(t, "pdf", r.Issued().File.Format)

	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{MemberID: m.ID()})
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	assert.Equal(t, audit.InvoiceIssue, entries[0].Action)
	assert.Equal(t, finance.ID, entries[0].StaffID)

	ns, _, err := e.store.Notifications().ListForMember(e.ctx, m.ID(), 10, 0)
	require.NoError(t, err)
	require.NotEmpty(t, ns)
	assert.Contains(t, ns[0].Text, "财务已为企业【星河科技有限公司】开具会费发票")

	require.Len(t, mail.sent, 1)
	assert.Contains(t, mail.sent[0].To, "cw@xinghe.example")
	require.Len(t, mail.sent[0].Attachments, 1)
	assert.Equal(t, samplePDF, string(mail.sent[0].Attachments[0].Data))
	assert.Equal(t, "application/pdf", mail.sent[0].Attachments[0].ContentType)
}

// Bad requests: a wrong check character, an empty title, a 专票 without bank
// details, another member's payment, a payment not confirmed, a second
// request. Each says what is wrong and stores nothing.
func TestRequestInvoiceRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.invoicePorts(&outbox{})
	h := command.NewRequestInvoiceHandler(p)
	m, pid := e.paid("星河科技有限公司")
	other, otherPID := e.paid("别家公司")
	_ = other
	unpaid := e.member(member.Enterprise, "未缴公司", member.StatusApproved)
	claimed := e.claim(unpaid)
	ask := func(mm *member.Member, pay string, d invoice.Details) error {
		_, err := h.Handle(e.ctx, command.RequestInvoice{Principal: apptest.MemberOf(mm), PaymentID: pay, Details: d})
		return err
	}
	wrongCheck := plainDetails()
	wrongCheck.TaxID = membertest.ValidUSCC[:17] + "X"
	err := ask(m, pid, wrongCheck)
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	assert.Contains(t, fieldCodes(err), "tax_id")
	noTitle := plainDetails()
	noTitle.Title = " "
	assert.Equal(t, "required", fieldCodes(ask(m, pid, noTitle))["title"])
	special := plainDetails()
	special.Kind = invoice.KindSpecial
	codes := fieldCodes(ask(m, pid, special))
	assert.Contains(t, codes, "bank")
	assert.Contains(t, codes, "account")
	assert.Equal(t, apperr.KindNotFound, apperr.As(ask(m, otherPID, plainDetails())).Kind)
	assert.Error(t, ask(unpaid, claimed, plainDetails()))
	reqs, err := e.store.Invoices().ListForMember(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, reqs, "nothing stored from a refused request")

	require.NoError(t, ask(m, pid, plainDetails()))
	wantErr(t, ask(m, pid, plainDetails()), apperr.KindConflict, invoice.ErrAlreadyAsked)
}

// Files that are no e-invoice are refused by their content, and nothing is
// kept: an HTML page renamed .pdf, an OFD that is no zip, an empty file, one
// over 10 MB.
func TestIssueInvoiceFileChecks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.invoicePorts(&outbox{})
	m, pid := e.paid("星河科技有限公司")
	rid, err := command.NewRequestInvoiceHandler(p).Handle(e.ctx, command.RequestInvoice{
		Principal: apptest.MemberOf(m), PaymentID: pid, Details: plainDetails()})
	require.NoError(t, err)
	h := command.NewIssueInvoiceHandler(p)
	finance := apptest.StaffOf(access.RoleFinance)
	for name, c := range map[string]struct{ file, content, code string }{
		"html as pdf":  {"fp.pdf", "<!DOCTYPE html><html><body>发票</body></html>", "file_type"},
		"ofd not zip":  {"fp.ofd", "OFD but plain text", "file_type"},
		"empty":        {"fp.pdf", "", "file_required"},
		"too large":    {"fp.pdf", samplePDF + strings.Repeat(" ", invoice.MaxFileBytes), "file_too_large"},
		"broken pdf":   {"fp.pdf", "%PDF-1.4\nnothing", "file_corrupt"},
		"xml as pdf":   {"fp.pdf", "<Invoice><No>1</No></Invoice>", "file_type_mismatch"},
		"bad zip ofd":  {"fp.ofd", "PK\x03\x04broken", "file_corrupt"},
		"wrong amount": {"fp.pdf", samplePDF, invoice.ErrAmount},
	} {
		cmd := e.issueCmd(finance, rid, c.file, c.content)
		if name == "wrong amount" {
			cmd.AmountFen = 499000
		}
		err := h.Handle(e.ctx, cmd)
		require.Error(t, err, name)
		field := "file"
		if name == "wrong amount" {
			field = "amount"
		}
		assert.Equal(t, c.code, fieldCodes(err)[field], name)
	}
	assert.Empty(t, e.files.Keys(), "no file kept")
	r, err := e.store.Invoices().Get(e.ctx, rid)
	require.NoError(t, err)
	assert.Equal(t, invoice.StatePending, r.State())

	// A real OFD (a zip with OFD.xml) and an XML invoice pass.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("OFD.xml")
	require.NoError(t, err)
	_, err = w.Write([]byte(`<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>`))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	format, err := command.CheckInvoiceFile("file", "fp.ofd", buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, "ofd", format)
	format, err = command.CheckInvoiceFile("file", "fp.xml", []byte(`<?xml version="1.0"?><EInvoice/>`))
	require.NoError(t, err)
	assert.Equal(t, "xml", format)
}

// Two finance staff issue the same request at once: one wins, the other is
// told it was handled; one file is kept, one email queued.
func TestIssueInvoiceConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mail := &outbox{}
	p := e.invoicePorts(mail)
	m, pid := e.paid("星河科技有限公司")
	rid, err := command.NewRequestInvoiceHandler(p).Handle(e.ctx, command.RequestInvoice{
		Principal: apptest.MemberOf(m), PaymentID: pid, Details: plainDetails()})
	require.NoError(t, err)
	h := command.NewIssueInvoiceHandler(p)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = h.Handle(e.ctx, e.issueCmd(apptest.StaffOf(access.RoleFinance), rid, "fp.pdf", samplePDF))
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			assert.Equal(t, apperr.KindConflict, apperr.As(err).Kind)
			assert.Contains(t, apperr.As(err).Message, "已处理")
		}
	}
	assert.Equal(t, 1, failed, "exactly one wins")
	assert.Len(t, e.files.Keys(), 1)
	assert.Len(t, mail.sent, 1)
}

// Finance returns a request with a reason; the member may ask again. Finance
// voids an issued invoice (红冲): both are kept, a new pending request
// re-issues it; each action is audited. The member withdraws a pending request
// but not one finance handled.
func TestReturnVoidAndWithdrawInvoice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.invoicePorts(&outbox{})
	m, pid := e.paid("星河科技有限公司")
	ask := command.NewRequestInvoiceHandler(p)
	req := command.RequestInvoice{Principal: apptest.MemberOf(m), PaymentID: pid, Details: plainDetails()}
	finance := apptest.StaffOf(access.RoleFinance)

	rid, err := ask.Handle(e.ctx, req)
	require.NoError(t, err)
	ret := command.NewReturnInvoiceHandler(p)
	assert.Contains(t, fieldCodes(ret.Handle(e.ctx, command.ReturnInvoice{Principal: finance, RequestID: rid})),
		"reason")
	require.NoError(t, ret.Handle(e.ctx, command.ReturnInvoice{Principal: finance, RequestID: rid,
		Reason: "抬头与税号不符"}))
	wd := command.NewWithdrawInvoiceHandler(p)
	wantErr(t, wd.Handle(e.ctx, command.WithdrawInvoice{Principal: apptest.MemberOf(m), RequestID: rid}),
		apperr.KindConflict, invoice.ErrHandled)

	rid2, err := ask.Handle(e.ctx, req)
	require.NoError(t, err)
	require.NoError(t, wd.Handle(e.ctx, command.WithdrawInvoice{Principal: apptest.MemberOf(m), RequestID: rid2}))
	rid3, err := ask.Handle(e.ctx, req)
	require.NoError(t, err)
	require.NoError(t, command.NewIssueInvoiceHandler(p).Handle(e.ctx, e.issueCmd(finance, rid3, "fp.pdf", samplePDF)))
	e.clock.Advance(time.Hour)
	next, err := command.NewVoidInvoiceHandler(p).Handle(e.ctx, command.VoidInvoice{Principal: finance,
		RequestID: rid3, Reason: "抬头有误"})
	require.NoError(t, err)
	old, err := e.store.Invoices().Get(e.ctx, rid3)
	require.NoError(t, err)
	assert.Equal(t, invoice.StateVoided, old.State())
	assert.Equal(t, "24112000000012345678", old.Issued().Number, "the voided invoice is kept")
	n, err := e.store.Invoices().Get(e.ctx, next)
	require.NoError(t, err)
	assert.Equal(t, invoice.StatePending, n.State())
	assert.Equal(t, rid3, n.Replaces())
	_, err = command.NewVoidInvoiceHandler(p).Handle(e.ctx, command.VoidInvoice{Principal: finance,
		RequestID: rid3, Reason: "再次"})
	wantErr(t, err, apperr.KindConflict, invoice.ErrHandled)

	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{MemberID: m.ID()})
	require.NoError(t, err)
	var actions []audit.Action
	for _, a := range entries {
		actions = append(actions, a.Action)
	}
	assert.Equal(t, []audit.Action{audit.InvoiceVoid, audit.InvoiceIssue, audit.InvoiceReturn}, actions[:3])

	// A member may not issue; another member's request does not exist.
	wantErr(t, command.NewIssueInvoiceHandler(p).Handle(e.ctx, e.issueCmd(apptest.MemberOf(m), next, "fp.pdf",
		samplePDF)), apperr.KindForbidden, "forbidden")
	other, _ := e.paid("别家公司")
	wantErr(t, wd.Handle(e.ctx, command.WithdrawInvoice{Principal: apptest.MemberOf(other), RequestID: next}),
		apperr.KindNotFound, "invoice_not_found")
}

// The admin edits 申请发票's notice: stored with its audit entry in one
// transaction; an empty title stores nothing; finance may not.
func TestUpdateInvoiceNotice(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	h := command.NewUpdateInvoiceNoticeHandler(e.invoicePorts(&outbox{}), e.store.Settings())
	admin := apptest.StaffOf(access.RoleAdmin)
	err := h.Handle(e.ctx, command.UpdateInvoiceNotice{Principal: admin, Notice: invoice.Notice{Body: "正文"}})
	assert.Equal(t, "required", fieldCodes(err)["title"])
	_, ok, err := e.store.Settings().Get(e.ctx, command.InvoiceNoticeKey)
	require.NoError(t, err)
	assert.False(t, ok)
	wantErr(t, h.Handle(e.ctx, command.UpdateInvoiceNotice{Principal: apptest.StaffOf(access.RoleFinance),
		Notice: invoice.Notice{Title: "标题", Body: "正文"}}), apperr.KindForbidden, "forbidden")
	require.NoError(t, h.Handle(e.ctx, command.UpdateInvoiceNotice{Principal: admin,
		Notice: invoice.Notice{Title: " {年份}年开票须知 ", Body: "第一段\n\n第二段"}}))
	_, ok, err = e.store.Settings().Get(e.ctx, command.InvoiceNoticeKey)
	require.NoError(t, err)
	assert.True(t, ok)
	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: audit.SiteSettingsUpdate})
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	assert.Equal(t, "2019年开票须知", invoice.Notice{Title: "{年份}年开票须知"}.TitleFor(2019))
}
