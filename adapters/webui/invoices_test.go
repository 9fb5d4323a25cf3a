package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// invoicePDF is a minimal well-formed PDF.
const invoicePDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"

// invoiceForm is the 申请发票 form for payment pid with good values.
func invoiceForm(pid string) url.Values {
	return url.Values{"payment_id": {pid}, "title": {"星河科技有限公司"}, "tax_id": {membertest.ValidUSCC},
		"kind": {string(invoice.KindPlain)}, "email": {"cw@xinghe.example"}}
}

// requestsOf lists the member's requests as stored.
func (f *feeFixture) requestsOf(t *testing.T, memberID string) []*invoice.Request {
	t.Helper()
	rs, err := f.env.Module.Ports().Invoices.ListForMember(context.Background(), memberID)
	require.NoError(t, err)
	return rs
}

// The member's 申请发票: the menu entry, the notice, the confirmed payment
// under 已缴会费开票 with the form (title defaulting to the member's name);
// a wrong check character is told under the field and nothing is stored; a
// good request is listed; once finance issued it the member downloads the
// file (another member gets 404) and the status line reads 已完成缴费;已开发票.
func TestMemberRequestsAndDownloadsInvoice(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, b := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	page := b.get("/member/invoices")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, `href="/member/invoices"`)
	assert.Contains(t, page.Body, "暂无可开票的缴费")

	pid := f.env.PayByTransfer(t, p, "B20240301")
	page = b.get("/member/invoices")
	assert.Contains(t, page.Body, "关于中国质量协会会员缴纳")
	assert.Contains(t, page.Body, "已缴会费开票")
	assert.Contains(t, page.Body, `value="星河科技有限公司"`)
	assert.Contains(t, page.Body, "(注：填写的企业名称即为发票抬头)")
	assert.Contains(t, page.Body, "查看发票样式")

	bad := invoiceForm(pid)
	bad.Set("tax_id", membertest.ValidUSCC[:17]+"X")
	res := b.postForm("/member/invoices/request", bad)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, fieldErrorOf(res.Body, "f-tax-id"), "校验")
	special := invoiceForm(pid)
	special.Set("kind", string(invoice.KindSpecial))
	res = b.postForm("/member/invoices/request", special)
	assert.NotEmpty(t, fieldErrorOf(res.Body, "f-bank"))
	assert.Empty(t, f.requestsOf(t, p.ID), "nothing stored from a refused request")

	res = b.postForm("/member/invoices/request", invoiceForm(pid))
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	res = b.postForm("/member/invoices/request", invoiceForm(pid))
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "该笔缴费已申请过发票")
	reqs := f.requestsOf(t, p.ID)
	require.Len(t, reqs, 1)
	assert.Contains(t, f.feePage(t, p).StatusLine, "已完成缴费;发票申请中")

	require.NoError(t, f.env.App.Commands.IssueInvoice.Handle(context.Background(), command.IssueInvoice{
		Principal: f.env.Staff(t, access.RoleFinance), RequestID: reqs[0].ID(), Number: "24112000000012345678",
		Date: f.env.App.Clock.Now(), AmountFen: reqs[0].AmountFen(), FileName: "fp.pdf",
		Content: strings.NewReader(invoicePDF)}))
	page = b.get("/member/invoices")
	link := regexp.MustCompile(`href="(/member/invoices/[^"]+/file)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, link, "a download link")
	file := b.get(link[1])
	assert.Equal(t, http.StatusOK, file.Status)
	assert.Equal(t, invoicePDF, file.Body)
	assert.Contains(t, file.Header.Get("Content-Disposition"), "attachment")
	assert.Equal(t, "缴费状态：已完成缴费;已开发票", f.feePage(t, p).StatusLine)

	_, other := f.approvedMember(t, "enterprise", "别家公司", "other@example.com")
	assert.Equal(t, http.StatusNotFound, other.get(link[1]).Status)
}
