package webui_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/ports"
)

// issueForm posts finance's 开具发票 form: the fields and one file.
func (b *browser) issueForm(path string, fields url.Values, name string, content []byte) response {
	b.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(b.tb, mw.WriteField("csrf_token", b.csrf()))
	for k, vs := range fields {
		for _, v := range vs {
			require.NoError(b.tb, mw.WriteField(k, v))
		}
	}
	w, err := mw.CreateFormFile("file", name)
	require.NoError(b.tb, err)
	_, err = w.Write(content)
	require.NoError(b.tb, err)
	require.NoError(b.tb, mw.Close())
	req := httptest.NewRequest(http.MethodPost, siteURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// Finance's 发票管理: the queue counts the pending request; the detail shows
// its payment; an HTML page renamed .pdf is refused under the file input and
// nothing changes; a PDF issues it (audited) and the member is told; 红冲 with
// a reason keeps the voided invoice and opens a new pending request; a member
// cannot open the queue.
func TestFinanceIssuesReturnsAndVoidsInvoices(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, member := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	pid := f.env.PayByTransfer(t, p, "B20240302")
	require.Equal(t, http.StatusSeeOther, member.postForm("/member/invoices/request", invoiceForm(pid)).Status)
	rid := f.requestsOf(t, p.ID)[0].ID()

	fin := f.staff(t, "finance1", "finance")
	home := fin.get("/admin")
	assert.Contains(t, home.Body, "发票管理")
	assert.Regexp(t, `<strong>1</strong> <span>待开票的开票申请与借发票</span>`, home.Body)
	list := fin.get("/admin/invoices")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Contains(t, list.Body, `href="/admin/invoices"`, "the menu entry")
	assert.Regexp(t, `待开票 <span class="badge badge--count">1</span>`, list.Body)
	assert.Contains(t, list.Body, "/admin/invoices/"+rid)
	show := fin.get("/admin/invoices/" + rid)
	assert.Contains(t, show.Body, "所属缴费")
	assert.Contains(t, show.Body, "/admin/payments/"+pid)

	fields := url.Values{"number": {"24112000000012345678"}, "date": {f.env.App.Clock.Now().Format("2006-01-02")},
		"amount": {"5000"}}
	res := fin.issueForm("/admin/invoices/"+rid+"/issue", fields, "fp.pdf",
		[]byte("<!DOCTYPE html><html><body>not an invoice</body></html>"))
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, fieldErrorOf(res.Body, "f-file"), "PDF、OFD或XML")
	assert.Equal(t, invoice.StatePending, f.requestsOf(t, p.ID)[0].State())

	res = fin.issueForm("/admin/invoices/"+rid+"/issue", fields, "fp.pdf", []byte(invoicePDF))
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, fin.get(res.location()).Body, "发票已开具")
	again := fin.issueForm("/admin/invoices/"+rid+"/issue", fields, "fp.pdf", []byte(invoicePDF))
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Contains(t, again.Body, "已处理")
	entries, _, err := f.env.Module.Ports().Audit.List(context.Background(), ports.AuditQuery{MemberID: p.ID})
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	assert.Equal(t, audit.InvoiceIssue, entries[0].Action)

	res = fin.postForm("/admin/invoices/"+rid+"/void", url.Values{"void_reason": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.NotEmpty(t, fieldErrorOf(res.Body, "f-void-reason"))
	res = fin.postForm("/admin/invoices/"+rid+"/void", url.Values{"void_reason": {"抬头有误"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	next := regexp.MustCompile(`/admin/invoices/([^?]+)\?`).FindStringSubmatch(res.location())
	require.NotNil(t, next)
	assert.NotEqual(t, rid, next[1])
	reqs := f.requestsOf(t, p.ID)
	require.Len(t, reqs, 2, "the voided invoice is kept beside its re-issue")

	res = fin.postForm("/admin/invoices/"+next[1]+"/return", url.Values{"reason": {"请补充开户行"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, member.get("/member/invoices").Body, "请补充开户行")
	assert.NotEqual(t, http.StatusOK, member.get("/admin/invoices").Status)

	// The member's record in 会员管理 lists both requests (the admin sees invoices).
	admin := f.staff(t, "admin1", "admin")
	record := admin.get("/admin/members/" + p.ID)
	require.Equal(t, http.StatusOK, record.Status)
	assert.Contains(t, record.Body, "发票与借发票")
	assert.Contains(t, record.Body, "24112000000012345678")
	assert.Contains(t, record.Body, "/admin/invoices/"+next[1])
}

// The admin edits 申请发票's notice (an empty title is told under the field);
// the member's page shows it with the fee year filled in; the edit is audited;
// finance may not edit it.
func TestAdminEditsTheInvoiceNotice(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, member := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	f.env.PayByTransfer(t, p, "B20240309")
	admin := f.staff(t, "admin1", "admin")
	assert.Contains(t, admin.get("/admin/invoices").Body, `href="/admin/settings/invoice-notice"`)
	form := admin.get("/admin/settings/invoice-notice")
	require.Equal(t, http.StatusOK, form.Status)
	assert.Contains(t, form.Body, "关于中国质量协会会员缴纳{年份}年会费通知的补充说明")

	res := admin.postForm("/admin/settings/invoice-notice", url.Values{"title": {""}, "body": {"正文"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.NotEmpty(t, fieldErrorOf(res.Body, "f-title"))
	res = admin.postForm("/admin/settings/invoice-notice", url.Values{"title": {"{年份}年度开票须知"},
		"body": {"各单位会员：\n\n请于每年12月前申请开票。"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page := member.get("/member/invoices").Body
	year := f.env.App.Clock.Now().Year()
	assert.Contains(t, page, strconv.Itoa(year)+"年度开票须知")
	assert.Contains(t, page, "<p>请于每年12月前申请开票。</p>")
	entries, _, err := f.env.Module.Ports().Audit.List(context.Background(), ports.AuditQuery{Action: audit.SiteSettingsUpdate})
	require.NoError(t, err)
	assert.Len(t, entries, 1)

	fin := f.staff(t, "finance1", "finance")
	assert.NotEqual(t, http.StatusOK, fin.get("/admin/settings/invoice-notice").Status)
	assert.NotContains(t, fin.get("/admin/invoices").Body, "编辑「申请发票」页说明")
}
