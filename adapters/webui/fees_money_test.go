package webui_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// A person whose voucher awaits finance is not offered 支付宝付款 and is told
// why; posting to the online payment anyway is refused (409) and opens no order.
func TestOnlinePaymentHeldWhileAVoucherWaits(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "凭证待确认个人", "held@example.com")
	assert.Contains(t, mb.get("/member/fees").Body, `id="pay-online"`, "offered before")
	res := mb.upload("/member/fees/voucher", mb.csrf(), []filePart{{"voucher", "回单.pdf", membershiptest.PDF()}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	page := mb.get("/member/fees")
	require.Equal(t, http.StatusOK, page.Status)
	assert.NotContains(t, page.Body, `id="pay-online"`)
	assert.Contains(t, page.Body, `id="online-held"`)
	assert.Contains(t, page.Body, "确认前不提供支付宝付款，以免重复缴费")

	res = mb.postForm("/member/fees/alipay", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "正在等待财务确认")
	assert.Len(t, f.payments(t, p.ID), 1, "no online order")
}
