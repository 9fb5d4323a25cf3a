package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// The money cases through the pages: finance records ¥4000 of ¥5000 as a
// partial payment (the box ticked; without it the amount is refused), the
// member sees the balance, its second claim of ¥1000 completes the fee; an
// excess becomes a refund due that finance marks refunded once (twice: told);
// the ledger downloads as CSV with a BOM.
func TestPartialPaymentRefundAndLedgerPages(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "enterprise", "部分缴费企业", "part@example.com")
	require.Equal(t, http.StatusSeeOther, mb.postForm("/member/fees/claim", nil).Status)
	pid := f.openClaim(t, p)
	fin := f.staff(t, "finance1", "finance")

	form := url.Values{"amount": {"4000"}, "paid_on": {"2024-01-02"}, "bank_ref": {"P1"}}
	res := fin.postForm("/admin/payments/"+pid+"/confirm", form)
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, fieldErrorOf(res.Body, "f-amount"), "请勾选「按部分缴费登记」")
	form.Set("partial", "1")
	res = fin.postForm("/admin/payments/"+pid+"/confirm", form)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, fin.get(res.location()).Body, "部分缴费的余额将继续向会员收取")
	assert.Equal(t, member.StatusApproved, f.status(t, p.ID))
	assert.Regexp(t, `部分到账（尚欠余额） <span class="badge badge--muted">1</span>`, fin.get("/admin/payments").Body)

	page := mb.get("/member/fees")
	assert.Contains(t, page.Body, "缴费状态：部分缴费（已缴¥4000，尚欠¥1000）-未开发票")
	assert.Contains(t, page.Body, `id="balance-due"`)
	assert.Contains(t, mb.get("/member").Body, "部分缴费（已缴¥4000，尚欠¥1000）")
	assert.Contains(t, fin.get("/admin/members/"+p.ID).Body, `部分缴费：尚欠 <strong>¥1000</strong>`)

	require.Equal(t, http.StatusSeeOther, mb.postForm("/member/fees/claim", nil).Status)
	second := f.openClaim(t, p)
	assert.Contains(t, fin.get("/admin/payments/"+second).Body, "应缴金额 <strong>¥1000</strong>")
	res = fin.postForm("/admin/payments/"+second+"/confirm", url.Values{"amount": {"1200"},
		"paid_on": {"2024-01-03"}, "bank_ref": {"P2"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, p.ID))
	assert.Contains(t, mb.get("/member/fees").Body, "缴费状态：已完成缴费;无发票申请记录")

	// The excess of ¥200 is a refund due, on the home and the member's record.
	home := fin.get("/admin").Body
	assert.Contains(t, home, "退款待办")
	assert.Contains(t, home, "多收或重复缴纳、等待退款的款项")
	assert.Contains(t, fin.get("/admin/members/"+p.ID).Body, `退款待办：<strong>¥200</strong>`)
	list := fin.get("/admin/refunds")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Regexp(t, `退款待办 <span class="badge badge--count">1</span>`, list.Body)
	assert.Contains(t, list.Body, "部分缴费企业")
	detail := fin.get("/admin/payments/" + second)
	assert.Contains(t, detail.Body, `id="mark-refunded"`)
	bad := fin.postForm("/admin/payments/"+second+"/refunded", url.Values{"refunded_on": {"2024-13-01"}})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	assert.Equal(t, "请填写正确的退款日期", fieldErrorOf(bad.Body, "f-refunded-on"))
	assert.Equal(t, "请填写退款凭证号（银行流水号）", fieldErrorOf(bad.Body, "f-refund-ref"))
	mark := url.Values{"refunded_on": {"2024-01-05"}, "refund_ref": {"R1"}, "note": {"原路退回"}}
	res = fin.postForm("/admin/payments/"+second+"/refunded", mark)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, fin.get(res.location()).Body, "已标记为已退款")
	again := fin.postForm("/admin/payments/"+second+"/refunded", mark)
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Contains(t, again.Body, "无需重复操作")
	assert.Equal(t, payment.RefundRefunded, f.payments(t, p.ID)[0].RefundState())
	assert.Contains(t, fin.get("/admin/refunds?state=refunded").Body, "R1")
	assert.Equal(t, http.StatusForbidden, mb.get("/admin/refunds").Status)

	// The ledger: CSV in UTF-8 with a BOM, both payments, the filters applied.
	csv := fin.get("/admin/payments/ledger?format=csv")
	require.Equal(t, http.StatusOK, csv.Status, csv.Body)
	assert.True(t, strings.HasPrefix(csv.Body, "\ufeff会员号,会员名称,会费年度,应缴金额,实收金额"), csv.Body)
	assert.Contains(t, csv.Body, ",5000.00,4000.00,0.00,1000.00,银行转账,部分到账（已补齐）,")
	assert.Contains(t, csv.Body, ",1000.00,1200.00,0.00,0.00,银行转账,已确认,")
	assert.Contains(t, csv.Body, "已退款 ¥200（2024-01-05，凭证号 R1）")
	partial := fin.get("/admin/payments/ledger?format=csv&status=partial")
	assert.Equal(t, 2, strings.Count(partial.Body, "\n"), partial.Body)
	assert.Equal(t, http.StatusUnprocessableEntity, fin.get("/admin/payments/ledger?format=pdf").Status)
	assert.Equal(t, http.StatusForbidden, mb.get("/admin/payments/ledger?format=csv").Status)
	xlsx := fin.get("/admin/payments/ledger?format=xlsx")
	assert.True(t, strings.HasPrefix(xlsx.Body, "PK"), "an XLSX file is a zip")
}
