package security_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// Finding 2: with no Alipay settings the module served an embedded sandbox by
// default, and a sandbox "payment" (no money) confirmed the fee by itself.

// TestFinding2NoSandboxByDefault: a module configured with nothing about Alipay
// has no online payment at all — no sandbox mounted, no 立即支付 on the fee page
// (it offers bank transfer and the voucher only, and says so), the API says
// can_pay_online false and refuses an order, the notify endpoint takes nothing.
func TestFinding2NoSandboxByDefault(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	assert.Nil(t, env.Module.AlipaySandbox(), "no embedded sandbox unless opted into")
	assert.Nil(t, env.Module.SandboxHandler())

	cashier := payServe(env, httptest.NewRequest(http.MethodGet, webui.PaymentSandboxPath, nil))
	assert.Equal(t, http.StatusNotFound, cashier.Status, "the sandbox cashier is not served")

	p := env.ApprovedMember(t, "individual", "默认个人", "f2-default@example.com")
	tok := payLogin(t, env, "默认个人")
	fees := payAPI(t, env, http.MethodGet, "/me/fees", tok, nil)
	require.Equal(t, http.StatusOK, fees.Status, string(fees.Body))
	assert.Equal(t, false, fees.object(t)["can_pay_online"])
	assert.Equal(t, true, fees.object(t)["can_upload_voucher"], "the voucher stays")
	page := payPage(env, "/member/fees", tok)
	require.Equal(t, http.StatusOK, page.Status)
	body := string(page.Body)
	assert.NotContains(t, body, `id="pay-online"`, "no online button")
	assert.NotContains(t, body, webui.PaymentSandboxPath, "no link to a sandbox")
	assert.NotContains(t, body, "沙箱")
	assert.Contains(t, body, "暂未开通在线支付，请通过银行转账缴纳会费后上传缴费凭证")
	assert.Contains(t, body, `id="payee-account"`, "the transfer details")
	assert.Contains(t, body, `name="voucher"`, "the voucher upload")

	online := payAPI(t, env, http.MethodPost, "/me/fees/online", tok, nil)
	assert.Equal(t, http.StatusConflict, online.Status)
	assert.Equal(t, "online_payment_unavailable", online.code(t))
	assert.Equal(t, "fail", payNotify(env, url.Values{"out_trade_no": {"X"}, "trade_status": {"TRADE_SUCCESS"}}))
	assert.Equal(t, member.StatusApproved, payStatus(t, env, p.ID))
}

// TestFinding2SandboxPaymentNeedsFinance: with the sandbox opted into, a paid
// sandbox order (its signed notification posted to the real endpoint) is no
// money: the member waits in 缴费确认中, the secretariat cannot approve, a
// renewal does not extend the validity. Only finance's explicit confirmation
// (POST /api/v1/payments/{id}/confirm) books the fee.
func TestFinding2SandboxPaymentNeedsFinance(t *testing.T) {
	t.Parallel()
	clock := &membershiptest.Clock{}
	clock.Set(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
	env := membershiptest.New(t, membershiptest.WithClock(clock), membershiptest.WithAlipaySandbox())
	sim := env.Module.AlipaySandbox()
	require.NotNil(t, sim)
	fin := payStaffLogin(t, env, "f2-finance", "finance")
	sec := payStaffLogin(t, env, "f2-secretariat", "secretariat")

	// A first fee.
	p := env.ApprovedMember(t, "individual", "沙箱个人", "f2-join@example.com")
	tok := payLogin(t, env, "沙箱个人")
	pid := payInSandbox(t, env, sim, tok)
	assert.Equal(t, member.StatusPaymentClaimed, payStatus(t, env, p.ID), "缴费确认中, not paid")
	assert.Equal(t, "缴费状态：缴费确认中", payAPI(t, env, http.MethodGet, "/me/fees", tok, nil).object(t)["status_line"])
	queue := payAPI(t, env, http.MethodGet, "/payments", fin, nil)
	require.Equal(t, http.StatusOK, queue.Status, string(queue.Body))
	assert.Equal(t, float64(1), queue.object(t)["counts"].(map[string]any)["open"], "in finance's queue")
	approve := payAPI(t, env, http.MethodPost, "/memberships/approve", sec,
		map[string]any{"member_ids": []string{p.ID}, "doc_no": "会字〔2024〕1号"})
	assert.Equal(t, http.StatusConflict, approve.Status, "the secretariat cannot approve unpaid")
	assert.Equal(t, member.StatusPaymentClaimed, payStatus(t, env, p.ID))

	confirm := payAPI(t, env, http.MethodPost, "/payments/"+pid+"/confirm", fin,
		map[string]any{"amount_fen": 48000, "paid_on": "2024-03-01"})
	require.Equal(t, http.StatusOK, confirm.Status, string(confirm.Body))
	assert.Equal(t, member.StatusAwaitingSecretariat, payStatus(t, env, p.ID), "finance counted it")
	approve = payAPI(t, env, http.MethodPost, "/memberships/approve", sec,
		map[string]any{"member_ids": []string{p.ID}, "doc_no": "会字〔2024〕1号"})
	assert.Equal(t, http.StatusOK, approve.Status, string(approve.Body))

	// A renewal.
	valid := payMember(t, env, p.ID).ValidUntil()
	clock.Set(valid.AddDate(0, 0, -10).Add(9 * time.Hour))
	_, err := env.App.Commands.RenewalSweep.Handle(context.Background(), "f2")
	require.NoError(t, err)
	require.Equal(t, member.StatusExpiring, payStatus(t, env, p.ID))
	tok = payLogin(t, env, "沙箱个人") // a year later
	fin = payStaffLogin(t, env, "f2-finance-2", "finance")
	rid := payInSandbox(t, env, sim, tok)
	assert.Equal(t, valid, payMember(t, env, p.ID).ValidUntil(), "a sandbox renewal extends nothing")
	assert.Equal(t, member.StatusExpiring, payStatus(t, env, p.ID))
	confirm = payAPI(t, env, http.MethodPost, "/payments/"+rid+"/confirm", fin,
		map[string]any{"amount_fen": 48000, "paid_on": clock.Now().Format(time.DateOnly)})
	require.Equal(t, http.StatusOK, confirm.Status, string(confirm.Body))
	assert.Equal(t, member.OneYearFrom(valid.AddDate(0, 0, 1)), payMember(t, env, p.ID).ValidUntil())
}

// payInSandbox orders the member's fee through POST /api/v1/me/fees/online,
// has the sandbox report it paid to the notify endpoint, and returns the
// payment's id.
func payInSandbox(t *testing.T, env *membershiptest.Env, sim *alipaysim.Sim, tok string) string {
	t.Helper()
	started := payAPI(t, env, http.MethodPost, "/me/fees/online", tok, nil)
	require.Equal(t, http.StatusCreated, started.Status, string(started.Body))
	o := started.object(t)
	require.True(t, strings.Contains(o["redirect_url"].(string), webui.PaymentSandboxPath))
	order := ports.PaymentOrder{OutTradeNo: o["out_trade_no"].(string), AmountFen: int64(o["amount_fen"].(float64)),
		Subject: o["subject"].(string)}
	assert.Equal(t, "success", payNotify(env, sim.SignedNotification(order, alipaysim.TradeSuccess)))
	assert.Equal(t, "success", payNotify(env, sim.SignedNotification(order, alipaysim.TradeSuccess)),
		"a redelivery is acknowledged")
	return o["payment_id"].(string)
}
