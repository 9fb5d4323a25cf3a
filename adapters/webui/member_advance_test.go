package webui_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// The 缴纳会费 page links 申请借发票 in the manual's sentence; the page shows
// 开票教程 with its four steps beside the form; an amount other than the fee
// due is refused under the field with nothing stored; a good request moves
// the tutorial to step 3 with the download and the upload, where a file that
// is no picture or PDF is refused.
func TestMemberRequestsAnAdvanceInvoice(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, b := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	fees := b.get("/member/fees")
	assert.Contains(t, fees.Body, `缴费成功后，登录主页进行开发票申请，企业财务如需“先借发票再缴费”请点击 <a href="/member/invoices/advance" id="advance-link">申请借发票</a>`)

	page := b.get("/member/invoices/advance")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{"开票教程", "在线填写申请表", "在线提交数据", "下载《提前开票申请》后，盖章，扫描或拍照",
		"上传盖章扫描件", `value="5000"`} {
		assert.Contains(t, page.Body, s)
	}
	form := url.Values{"title": {"星河科技有限公司"}, "tax_id": {membertest.ValidUSCC}, "kind": {string(invoice.KindPlain)},
		"email": {"cw@xinghe.example"}, "amount": {"4000"}, "reason": {"先开票后付款"},
		"expected_on": {f.env.App.Clock.Now().AddDate(0, 0, 10).Format("2006-01-02")}, "contact": {"李会计"},
		"contact_phone": {"13800138000"}}
	res := b.postForm("/member/invoices/advance", form)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, fieldErrorOf(res.Body, "f-amount"), "借发票金额须等于应缴会费 ¥5000")
	assert.Empty(t, f.requestsOf(t, p.ID))

	form.Set("amount", "5000")
	res = b.postForm("/member/invoices/advance", form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = b.get(res.location())
	assert.Contains(t, page.Body, "下载《提前开票申请》")
	assert.Contains(t, page.Body, `aria-current="step"><span class="tutorial__num" aria-hidden="true">3</span>`)
	reqs := f.requestsOf(t, p.ID)
	require.Len(t, reqs, 1)
	up := b.upload("/member/invoices/advance/"+reqs[0].ID()+"/scan", b.csrf(),
		[]filePart{{"scan", "scan.pdf", []byte("<html>renamed</html>")}}, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, up.Status)
	assert.Contains(t, fieldErrorOf(up.Body, "f-scan"), "PNG、JPG或PDF")
	up = b.upload("/member/invoices/advance/"+reqs[0].ID()+"/scan", b.csrf(),
		[]filePart{{"scan", "scan.png", scan(t)}}, nil)
	require.Equal(t, http.StatusSeeOther, up.Status, up.Body)
	assert.Equal(t, "缴费状态：未缴费-借发票申请中", f.feePage(t, p).StatusLine)
}
