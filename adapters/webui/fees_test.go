package webui_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// TestEnterpriseFeeFlow drives an enterprise through 缴纳会费 (the page as the
// manual shows it, 「申请查看缴费状态」), finance's confirmation in the back office
// (a wrong amount refused with the core's message, a second confirmation a
// conflict) and the secretariat's approval, after which the member's home shows
// the validity at once.
func TestEnterpriseFeeFlow(t *testing.T) {
	t.Parallel()
	f := setupFees(t)

	// Before approval there is no 缴纳会费 entry.
	_, early := f.member(t, "enterprise", "未审核公司", "early@example.com")
	assert.NotContains(t, early.get("/member").Body, `href="/member/fees"`)

	p, mb := f.approvedMember(t, "enterprise", "测试号", "fees-ent@example.com")
	home := mb.get("/member")
	assert.Contains(t, home.Body, `<a href="/member/fees">缴纳会费</a>`)
	assert.Contains(t, home.Body, `class="btn btn--primary" href="/member/fees">缴纳会费</a>`, "next step")

	page := mb.get("/member/fees")
	require.Equal(t, http.StatusOK, page.Status)
	ref := f.feePage(t, p).PaymentRef
	require.True(t, payment.ValidReference(ref), "reference code %q", ref)
	for _, s := range []string{
		"<title>缴纳会费 - 中国质量协会会员系统</title>",
		`<a href="/member/fees" class="is-active" aria-current="page">缴纳会费</a>`,
		"普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年",
		"会费转账信息", "会费请汇至：", ">中国质量协会<", "银行帐号：", ">0200002809014498969<", "开户行：",
		">工商银行北京西四支行<", "请注明项目：会费", "缴费识别码：", ref, "查询缴费进度",
		">申请查看缴费状态</button>", "(请确认缴费后点击此按钮)", "缴费状态：未缴费-未开发票",
	} {
		assert.Contains(t, page.Body, s)
	}
	assert.NotContains(t, page.Body, "支付宝付款", "enterprises pay by transfer")
	assert.Equal(t, ref, f.feePage(t, p).PaymentRef, "the code is stable")

	// The claim needs the CSRF token; without it nothing happens.
	res := mb.postRaw("/member/fees/claim", url.Values{}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Equal(t, member.StatusApproved, f.status(t, p.ID))

	res = mb.postForm("/member/fees/claim", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/member/fees?done=claimed", res.location())
	page = mb.get(res.location())
	assert.Contains(t, page.Body, "已申请查看缴费状态，请等待财务确认到账")
	assert.Contains(t, page.Body, "缴费状态：缴费确认中-未开发票")
	assert.NotContains(t, page.Body, ">申请查看缴费状态</button>")
	assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID))

	// A second click is told why nothing happens.
	res = mb.postForm("/member/fees/claim", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "已申请查看缴费状态，请等待财务确认")

	pid := f.openClaim(t, p)
	// The member cannot confirm its own payment, nor see the queue.
	res = mb.postForm("/admin/payments/"+pid+"/confirm", url.Values{"amount": {"5000"}, "paid_on": {"2024-01-02"},
		"bank_ref": {"SELF1"}})
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Equal(t, http.StatusForbidden, mb.get("/admin/payments").Status)

	// Finance sees the claim with its count and the member's reference code.
	fin := f.staff(t, "finance1", "finance")
	assert.Contains(t, fin.get("/admin").Body, `<a href="/admin/payments">缴费确认<span class="badge badge--count sidemenu__badge">1<span class="visually-hidden">项待处理</span></span></a>`)
	assert.NotContains(t, fin.get("/admin").Body, `href="/admin/memberships"`, "finance has no secretariat entry")
	queue := fin.get("/admin/payments")
	require.Equal(t, http.StatusOK, queue.Status)
	assert.Contains(t, queue.Body, "测试号")
	assert.Contains(t, queue.Body, ref)
	assert.Regexp(t, `待确认 <span class="badge badge--count">1</span>`, queue.Body)
	detail := fin.get("/admin/payments/" + pid)
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Contains(t, detail.Body, "应缴金额 <strong>¥5000</strong>")
	assert.Contains(t, detail.Body, ">确认到账</button>")

	bad := []struct {
		name, amount, day, ref, field, want string
		status                              int
	}{
		{"wrong amount", "500", "2024-01-02", "B1", "f-amount", "到账金额少于应缴：应缴¥5000，实际¥500。如确为部分缴费，请勾选「按部分缴费登记」，余额¥4500将继续向会员收取（少收不超过¥50的银行手续费可按足额确认）", 422},
		{"unreadable amount", "五千", "2024-01-02", "B1", "f-amount", "请填写正确的到账金额（元），如 5000 或 5000.00", 422},
		{"three decimals", "5000.001", "2024-01-02", "B1", "f-amount", "请填写正确的到账金额（元），如 5000 或 5000.00", 422},
		{"no amount", "", "2024-01-02", "B1", "f-amount", "请填写到账金额", 422},
		{"no day", "5000", "", "B1", "f-paid-on", "请填写到账日期", 422},
		{"unreadable day", "5000", "2024-13-45", "B1", "f-paid-on", "请填写正确的到账日期", 422},
		{"future day", "5000", time.Now().AddDate(0, 0, 3).Format("2006-01-02"), "B1", "f-paid-on", "到账日期不能晚于今天", 422},
		{"no reference", "5000", "2024-01-02", " ", "f-bank-ref", "请填写银行流水号", 422},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := fin.postForm("/admin/payments/"+pid+"/confirm",
				url.Values{"amount": {tc.amount}, "paid_on": {tc.day}, "bank_ref": {tc.ref}})
			assert.Equal(t, tc.status, res.Status)
			assert.Equal(t, tc.want, fieldErrorOf(res.Body, tc.field))
			assert.True(t, invalid(res.Body, tc.field), "%s marked invalid", tc.field)
			assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID), "nothing changed")
		})
	}
	// Without the CSRF token nothing happens either.
	res = fin.postRaw("/admin/payments/"+pid+"/confirm", url.Values{"amount": {"5000"}, "paid_on": {"2024-01-02"},
		"bank_ref": {"B1"}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID))

	// Two finance users confirm at once: one wins, the other is told.
	fin2 := f.staff(t, "finance2", "finance")
	var wg sync.WaitGroup
	results := make([]response, 2)
	for i, b := range []*browser{fin, fin2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = b.postForm("/admin/payments/"+pid+"/confirm",
				url.Values{"amount": {"5,000.00"}, "paid_on": {time.Now().Format("2006-01-02")}, "bank_ref": {"ICBC 2024 0001"}})
		}()
	}
	wg.Wait()
	statuses := []int{results[0].Status, results[1].Status}
	assert.ElementsMatch(t, []int{http.StatusSeeOther, http.StatusConflict}, statuses)
	for _, r := range results {
		if r.Status == http.StatusConflict {
			assert.Contains(t, r.Body, "该缴费申请已由其他财务人员处理（已确认），请刷新后查看")
		}
	}
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, p.ID))
	confirmed := fin.get("/admin/payments/" + pid)
	assert.Contains(t, confirmed.Body, "ICBC20240001")
	assert.NotContains(t, confirmed.Body, ">确认到账</button>")

	// The member's pages say so at once.
	page = mb.get("/member/fees")
	assert.Contains(t, page.Body, "缴费状态：已完成缴费;无发票申请记录")
	assert.Contains(t, page.Body, "会费已缴纳，等待中国质量协会秘书处审批。")
	home = mb.get("/member")
	assert.Contains(t, home.Body, "(该企业还未通过中国质量协会秘书处审批, 最终会员信息以红头文件为准。)")
	assert.Contains(t, home.Body, "<dd>--(等待秘书处审批)</dd>")

	// Finance may not approve memberships.
	assert.Equal(t, http.StatusForbidden, fin.get("/admin/memberships").Status)
	res = fin.postForm("/admin/memberships/approve", url.Values{"member_id": {p.ID}, "doc_no": {"财务文号"}})
	assert.Equal(t, http.StatusForbidden, res.Status)
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, p.ID))

	// The secretariat approves with the 文号.
	sec := f.staff(t, "secretariat1", "secretariat")
	assert.Contains(t, sec.get("/admin").Body, `<a href="/admin/memberships">秘书处审批<span class="badge badge--count sidemenu__badge">1<span class="visually-hidden">项待处理</span></span></a>`)
	assert.NotContains(t, sec.get("/admin").Body, "缴费确认")
	assert.Equal(t, http.StatusForbidden, sec.get("/admin/payments").Status)
	list := sec.get("/admin/memberships")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Contains(t, list.Body, `value="`+p.ID+`"`)
	assert.Contains(t, list.Body, "¥5,000.00")
	res = sec.postForm("/admin/memberships/approve", url.Values{"member_id": {p.ID}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "请填写审批文号", fieldErrorOf(res.Body, "f-doc-no"))
	assert.Contains(t, res.Body, `value="`+p.ID+`" id="m-`+p.ID+`" checked`, "the choice is kept")
	res = sec.postForm("/admin/memberships/approve", url.Values{"doc_no": {"中质协〔2024〕1号"}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, res.Body, "请选择要审批的会员")
	res = sec.postRaw("/admin/memberships/approve", url.Values{"member_id": {p.ID}, "doc_no": {"中质协〔2024〕1号"}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "CSRF")
	res = sec.postForm("/admin/memberships/approve", url.Values{"member_id": {p.ID}, "doc_no": {"中质协〔2024〕1号"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, sec.get(res.location()).Body, "已审批通过所选会员")

	// The member's home shows the validity at once, without logging in again.
	m := f.stored(t, p.ID)
	require.Equal(t, member.StatusActive, m.Status())
	home = mb.get("/member")
	assert.Contains(t, home.Body, "<dd>"+m.ValidUntil().Format("2006-01-02")+"</dd>")
	assert.NotContains(t, home.Body, "还未通过中国质量协会秘书处审批")
	assert.NotContains(t, home.Body, "等待秘书处审批")
	assert.Equal(t, m.ValidFrom().AddDate(1, 0, -1), m.ValidUntil())
}

// TestIndividualPaysOnline is 「支付宝付款 ¥480/年 立即支付」 through the embedded
// sandbox: the redirect to the cashier, 「确认付款」, the signed notification the
// simulator posts, the return page; then the secretariat approves and 我的会员卡
// shows the validity.
func TestIndividualPaysOnline(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "个人一", "gr-online@example.com")

	page := mb.get("/member/fees")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{
		"转账信息", "会费请汇至：", "请注明项目：会费", "个人会员请选择支付宝付款", "支付宝付款", "¥480/年", ">立即支付<",
		"缴费凭证", "支持扩展名：.pdf .jpg", "缴费状态：未缴费", "沙箱环境 — 不会产生真实扣款",
	} {
		assert.Contains(t, page.Body, s)
	}
	assert.NotContains(t, page.Body, "未开发票", "individuals get no invoice")
	assert.NotContains(t, page.Body, ">申请查看缴费状态</button>")
	assert.NotContains(t, mb.get("/member/card").Body, "会员有效期</dt><dd id=\"card-validity\">20", "no validity yet")

	// 立即支付 without the token does nothing; with it the browser goes to the cashier.
	assert.Equal(t, http.StatusForbidden, mb.postRaw("/member/fees/alipay", url.Values{}, nil).Status)
	res := mb.postForm("/member/fees/alipay", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	gateway := res.location()
	require.True(t, strings.HasPrefix(gateway, siteURL+webui.PaymentSandboxPath+"?"), gateway)
	q, err := url.Parse(gateway)
	require.NoError(t, err)
	assert.Equal(t, siteURL+webui.PaymentReturnPath, q.Query().Get("return_url"))
	assert.Equal(t, siteURL+webui.PaymentNotifyPath, q.Query().Get("notify_url"))

	cashier := mb.get(pathOf(t, gateway))
	require.Equal(t, http.StatusOK, cashier.Status)
	assert.Contains(t, cashier.Body, `id="confirm-pay"`)
	assert.Contains(t, cashier.Body, "¥480.00")

	// The return page before the notification: still processing.
	payments := f.payments(t, p.ID)
	require.Len(t, payments, 1)
	var biz struct {
		Subject string `json:"subject"`
	}
	require.NoError(t, json.Unmarshal([]byte(q.Query().Get("biz_content")), &biz))
	order := ports.PaymentOrder{OutTradeNo: payments[0].OutTradeNo(), AmountFen: 48000, Subject: biz.Subject}
	early := mb.get(webui.PaymentReturnPath + "?" + f.sim.SignedReturn(order).Encode())
	require.Equal(t, http.StatusOK, early.Status)
	assert.Contains(t, early.Body, "支付处理中")
	assert.Contains(t, early.Body, ">刷新支付结果</a>")

	// 确认付款: the simulator notifies (in process) and sends the browser back.
	back := mb.postRaw(pathOf(t, gateway), cashierForm(t, cashier.Body), nil)
	require.Equal(t, http.StatusSeeOther, back.Status, back.Body)
	require.True(t, strings.HasPrefix(back.location(), siteURL+webui.PaymentReturnPath+"?"), back.location())
	ret := mb.get(pathOf(t, back.location()))
	require.Equal(t, http.StatusOK, ret.Status)
	assert.Contains(t, ret.Body, "沙箱支付完成，等待财务确认", "a sandbox payment is no money by itself")
	assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID))
	page = mb.get("/member/fees")
	assert.Contains(t, page.Body, "缴费状态：缴费确认中")
	assert.Contains(t, page.Body, "需协会财务确认后才计入会费")
	assert.NotContains(t, page.Body, ">立即支付<", "paid once: it waits for finance")

	// Finance confirms it explicitly; then it counts.
	f.confirmSandbox(t, f.staff(t, "finance-online", "finance"), f.payments(t, p.ID)[0])
	ret = mb.get(pathOf(t, back.location()))
	require.Equal(t, http.StatusOK, ret.Status)
	assert.Contains(t, ret.Body, "支付成功，等待秘书处审批")
	assert.Contains(t, ret.Body, "¥480")
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, p.ID))

	page = mb.get("/member/fees")
	assert.Contains(t, page.Body, "缴费状态：已完成缴费")
	assert.NotContains(t, page.Body, ">立即支付<", "nothing is due any more")

	// A tampered return is refused.
	tampered := f.sim.SignedReturn(order)
	tampered.Set("total_amount", "0.01")
	assert.Equal(t, http.StatusUnprocessableEntity, mb.get(webui.PaymentReturnPath+"?"+tampered.Encode()).Status)

	sec := f.staff(t, "secretariat1", "secretariat")
	res = sec.postForm("/admin/memberships/approve", url.Values{"member_id": {p.ID}, "doc_no": {"中质协〔2024〕2号"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	m := f.stored(t, p.ID)
	home := mb.get("/member")
	assert.Contains(t, home.Body, `href="/member/card"`)
	card := mb.get("/member/card")
	require.Equal(t, http.StatusOK, card.Status)
	assert.Contains(t, card.Body, `<p class="member-card__name" id="card-name">个人一</p>`)
	assert.Contains(t, card.Body, `<dd id="card-number" class="mono">`+m.Number()+`</dd>`)
	assert.Contains(t, card.Body, `<dd id="card-validity">`+m.ValidUntil().Format("2006-01-02")+`</dd>`)
}

// TestPaymentNotifications sends the notify endpoint forged, re-signed and
// unknown notifications (answered "fail", nothing changes) and a valid one many
// times (answered "success", recorded once).
func TestPaymentNotifications(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "通知个人", "notify@example.com")
	res := mb.postForm("/member/fees/alipay", nil)
	require.Equal(t, http.StatusSeeOther, res.Status)
	payments := f.payments(t, p.ID)
	require.Len(t, payments, 1)
	order := ports.PaymentOrder{OutTradeNo: payments[0].OutTradeNo(), AmountFen: 48000, Subject: "会费"}
	valid := f.sim.SignedNotification(order, "TRADE_SUCCESS")

	forged := cloneValues(valid)
	forged.Set("total_amount", "0.01") // changed after signing
	wrongAmount := f.sim.SignedNotification(ports.PaymentOrder{OutTradeNo: order.OutTradeNo, AmountFen: 100,
		Subject: "会费"}, "TRADE_SUCCESS")
	wrongApp := f.sim.Sign(with(valid, "app_id", "2021000000000000"))
	unknown := f.sim.SignedNotification(ports.PaymentOrder{OutTradeNo: "NO_SUCH_ORDER", AmountFen: 48000,
		Subject: "会费"}, "TRADE_SUCCESS")
	unsigned := cloneValues(valid)
	unsigned.Del("sign")
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"forged", forged}, {"wrong amount", wrongAmount}, {"wrong app id", wrongApp}, {"unknown order", unknown},
		{"unsigned", unsigned}, {"empty", url.Values{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.notify(t, tc.form)
			assert.Equal(t, "fail", r.Body)
			assert.Equal(t, member.StatusApproved, f.status(t, p.ID), "nothing changed")
			assert.Equal(t, payment.StatusOpen, f.payments(t, p.ID)[0].Status())
		})
	}

	for range 5 {
		r := f.notify(t, valid)
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, "success", r.Body)
		assert.Equal(t, "text/plain; charset=utf-8", r.Header.Get("Content-Type"))
	}
	ps := f.payments(t, p.ID)
	require.Len(t, ps, 1)
	assert.True(t, ps[0].SandboxReported(), "recorded once, waiting for finance: the sandbox moved no money")
	assert.Equal(t, int64(48000), ps[0].PaidFen())
	assert.Equal(t, member.StatusPaymentClaimed, f.status(t, p.ID))

	// The endpoint takes only POST.
	assert.Equal(t, http.StatusMethodNotAllowed, f.browser(t).get(webui.PaymentNotifyPath).Status)
}

// TestVoucherUpload checks the 缴费凭证 upload: the file's content decides, one
// file of at most 10 MB, the CSRF token is required, and a good one opens a claim
// that finance sees with the voucher.
func TestVoucherUpload(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "凭证个人", "voucher@example.com")
	jpg := membershiptest.JPEG(t, 60, 40)
	pdf := membershiptest.PDF()
	big := make([]byte, payment.MaxVoucherBytes+1)
	copy(big, pdf)
	huge := make([]byte, payment.MaxVoucherBytes+200<<10)

	bad := []struct {
		name   string
		files  []filePart
		status int
		want   string
	}{
		{"no file", nil, 422, "请选择要上传的文件"},
		{"two files", []filePart{{"voucher", "a.pdf", pdf}, {"voucher", "b.pdf", pdf}}, 422, "只能上传1个PDF/JPG文件"},
		{"a PNG", []filePart{{"voucher", "凭证.png", scan(t)}}, 422, "只能上传PDF或JPG格式的缴费凭证"},
		{"HTML named .pdf", []filePart{{"voucher", "凭证.pdf", []byte("<html><script>alert(1)</script></html>")}}, 422,
			"只能上传PDF或JPG格式的缴费凭证"},
		{"a truncated PDF", []filePart{{"voucher", "凭证.pdf", pdf[:40]}}, 422, "PDF文件已损坏或不完整，无法读取"},
		{"a truncated JPEG", []filePart{{"voucher", "凭证.jpg", jpg[:len(jpg)/2]}}, 422, "图片文件已损坏或不完整，无法读取"},
		{"just over 10 MB", []filePart{{"voucher", "big.pdf", big}}, 422, "文件不能超过10MB"},
		{"far over 10 MB", []filePart{{"voucher", "huge.pdf", huge}}, 413, "文件不能超过10MB"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := mb.upload("/member/fees/voucher", mb.csrf(), tc.files, nil)
			assert.Equal(t, tc.status, res.Status)
			assert.Equal(t, tc.want, fieldErrorOf(res.Body, "f-voucher"))
			assert.True(t, invalid(res.Body, "f-voucher"))
			assert.Equal(t, member.StatusApproved, f.status(t, p.ID), "no claim")
			assert.Empty(t, f.files(t), "nothing kept")
		})
	}
	res := mb.upload("/member/fees/voucher", "-", []filePart{{"voucher", "凭证.pdf", pdf}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "CSRF")
	assert.Empty(t, f.files(t))

	res = mb.upload("/member/fees/voucher", mb.csrf(), []filePart{{"voucher", "转账凭证.jpg", jpg}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page := mb.get(res.location())
	assert.Contains(t, page.Body, "缴费凭证已上传，请等待财务确认到账")
	assert.Contains(t, page.Body, "缴费状态：缴费确认中")
	pid := f.openClaim(t, p)
	own := mb.get("/member/fees/payments/" + pid + "/voucher")
	require.Equal(t, http.StatusOK, own.Status)
	assert.Equal(t, "image/jpeg", own.Header.Get("Content-Type"))

	// Another member cannot open it.
	_, other := f.approvedMember(t, "individual", "别人", "other-voucher@example.com")
	assert.Equal(t, http.StatusNotFound, other.get("/member/fees/payments/"+pid+"/voucher").Status)

	fin := f.staff(t, "finance1", "finance")
	detail := fin.get("/admin/payments/" + pid)
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Contains(t, detail.Body, `<img src="/admin/payments/`+pid+`/voucher"`)
	v := fin.get("/admin/payments/" + pid + "/voucher")
	require.Equal(t, http.StatusOK, v.Status)
	assert.Equal(t, "image/jpeg", v.Header.Get("Content-Type"))
	assert.Equal(t, "nosniff", v.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, string(jpg), v.Body)

	// Finance returns it with a reason; the member sees the reason and may try again.
	res = fin.postForm("/admin/payments/"+pid+"/reject", url.Values{"reason": {""}})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "请填写退回原因", fieldErrorOf(res.Body, "f-reason"))
	res = fin.postForm("/admin/payments/"+pid+"/reject", url.Values{"reason": {"凭证金额看不清"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = mb.get("/member/fees")
	assert.Contains(t, page.Body, "上次的缴费申请已被财务退回：凭证金额看不清")
	assert.Contains(t, page.Body, `name="voucher"`, "the upload is offered again")
}

// TestStatementReconciliation uploads statements in the back office: a malformed
// one is reported and nothing is stored; a good one proposes matches (by
// reference code) that finance confirms in one step; the same statement again
// confirms nothing twice.
func TestStatementReconciliation(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	a := f.env.ApprovedMember(t, "enterprise", "对账甲公司", "recon-a@example.com")
	refA := f.feePage(t, a).PaymentRef
	fin := f.staff(t, "finance1", "finance")

	list := fin.get("/admin/statements")
	require.Equal(t, http.StatusOK, list.Status)
	assert.Contains(t, list.Body, `<a href="/admin/statements" class="is-active" aria-current="page">银行对账</a>`)

	bad := []struct {
		name, file, content, want string
	}{
		{"no header", "流水.csv", "a,b,c\n1,2,3\n", "未找到对账单的表头"},
		{"bad amount", "流水.csv", "交易日期,贷方金额,对方户名,摘要\n2024-01-02,五千,对账甲公司,会费\n", "第2行"},
		{"old Excel", "流水.xls", "\xd0\xcf\x11\xe0 not really", ".xlsx"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			res := fin.upload("/admin/statements", fin.csrf(), []filePart{{"statement", tc.file, []byte(tc.content)}}, nil)
			assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
			assert.Contains(t, fieldErrorOf(res.Body, "f-statement"), tc.want)
			assert.Contains(t, res.Body, "尚未导入对账单", "nothing stored")
		})
	}
	res := fin.upload("/admin/statements", "-", []filePart{{"statement", "a.csv", []byte("x")}}, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "CSRF")

	csv := "交易日期,贷方金额,对方户名,摘要,流水号\n" +
		"2024-01-02,5000.00,对账甲公司,会费 " + refA + ",R0001\n" +
		"2024-01-03,1234.00,不认识的公司,货款,R0002\n"
	res = fin.upload("/admin/statements", fin.csrf(), []filePart{{"statement", "一月.csv", []byte(csv)}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	detail := fin.get(res.location())
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Contains(t, detail.Body, "对账单已导入")
	assert.Contains(t, detail.Body, `<strong id="count-matched">1</strong>`)
	assert.Contains(t, detail.Body, `<strong id="count-unmatched">1</strong>`)
	assert.Contains(t, detail.Body, "缴费识别码匹配")
	assert.Contains(t, detail.Body, "未找到对应的会员")
	assert.Equal(t, member.StatusApproved, f.status(t, a.ID), "nothing confirmed yet")

	base := strings.TrimSuffix(strings.SplitN(res.location(), "?", 2)[0], "/")
	res = fin.postForm(base+"/confirm", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Contains(t, fin.get(res.location()).Body, `<strong id="count-confirmed">1</strong>`)
	assert.Equal(t, member.StatusAwaitingSecretariat, f.status(t, a.ID))

	// Again: the lines are known, nothing new, nothing confirmed twice.
	res = fin.upload("/admin/statements", fin.csrf(), []filePart{{"statement", "一月-再次.csv", []byte(csv)}}, nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	again := fin.get(res.location())
	assert.Contains(t, again.Body, "此前已导入 2")
	assert.Contains(t, again.Body, "该对账单没有新的流水")
	confirmed := 0
	for _, p := range f.payments(t, a.ID) {
		if p.Status() == payment.StatusConfirmed {
			confirmed++
		}
	}
	assert.Equal(t, 1, confirmed)

	// The unmatched line stays visible and can be set aside.
	list = fin.get("/admin/statements")
	assert.Contains(t, list.Body, "不认识的公司")
	assert.Contains(t, list.Body, ">忽略</button>")
}

// TestFeePagesNeedTheirRoles checks who may open the fee pages.
func TestFeePagesNeedTheirRoles(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	rev := f.staff(t, "reviewer1", "reviewer")
	for _, path := range []string{"/admin/payments", "/admin/statements", "/admin/memberships", "/admin/settings/fees"} {
		assert.Equal(t, http.StatusForbidden, rev.get(path).Status, path)
	}
	admin := f.staff(t, "admin1", "admin")
	home := admin.get("/admin").Body
	for _, s := range []string{"缴费确认", "银行对账", "秘书处审批", "会费设置"} {
		assert.Contains(t, home, s)
	}
	// A guest goes to the login page.
	guest := f.browser(t)
	for _, path := range []string{"/member/fees", "/member/card", "/admin/payments"} {
		res := guest.get(path)
		assert.Equal(t, http.StatusSeeOther, res.Status, path)
	}
	// Staff have no fee page of their own.
	assert.Equal(t, http.StatusForbidden, admin.get("/member/fees").Status)

	// An enterprise has no member card.
	_, ent := f.approvedMember(t, "enterprise", "无卡公司", "nocard@example.com")
	assert.Equal(t, http.StatusNotFound, ent.get("/member/card").Status)
	// Enterprises cannot pay online.
	res := ent.postForm("/member/fees/alipay", nil)
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "单位会员请通过银行转账缴纳会费")
}

// TestFeeSettings lets the admin change the schedule and payee (in yuan) and the
// member's page follow.
func TestFeeSettings(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	admin := f.staff(t, "admin1", "admin")
	page := admin.get("/admin/settings/fees")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, `value="5000"`)
	assert.Contains(t, page.Body, `value="0200002809014498969"`)

	good := url.Values{"fees_ordinary": {"6000"}, "fees_council": {"12000"}, "fees_individual": {"500.50"},
		"payee_name": {"某某行业协会"}, "payee_account": {"6222 0000 1111"}, "payee_bank": {"建设银行某某支行"}}
	res := admin.postForm("/admin/settings/fees", with(good, "fees_ordinary", "六千", "payee_account", "abc"))
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, "请填写正确的金额（元），如 5000", fieldErrorOf(res.Body, "f-fees-ordinary"))
	assert.Contains(t, fieldErrorOf(res.Body, "f-payee-account"), "银行帐号")
	res = admin.postForm("/admin/settings/fees", good)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	_, mb := f.approvedMember(t, "individual", "新标准个人", "newfee@example.com")
	fees := mb.get("/member/fees").Body
	assert.Contains(t, fees, "普通单位会员¥6000/年 理事及以上单位会员¥12000/年 个人会员¥500.50/年")
	assert.Contains(t, fees, ">某某行业协会<")
	assert.Contains(t, fees, ">622200001111<")
}

// TestFeeFormsNeedTheCSRFToken posts every fee form without its token: each is
// refused with 403 before anything happens.
func TestFeeFormsNeedTheCSRFToken(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, mb := f.approvedMember(t, "individual", "令牌个人", "csrf-fees@example.com")
	admin := f.staff(t, "admin1", "admin")
	for _, tc := range []struct {
		b    *browser
		path string
	}{
		{mb, "/member/fees/claim"}, {mb, "/member/fees/alipay"},
		{admin, "/admin/payments/x/confirm"}, {admin, "/admin/payments/x/reject"},
		{admin, "/admin/statements/x/confirm"}, {admin, "/admin/statements/lines/x"},
		{admin, "/admin/memberships/approve"}, {admin, "/admin/settings/fees"},
	} {
		res := tc.b.postRaw(tc.path, url.Values{"csrf_token": {"forged-token-of-the-right-length-000000000"}}, nil)
		assert.Equal(t, http.StatusForbidden, res.Status, tc.path)
		assert.Contains(t, res.Body, "请求已失效，请刷新页面后重试", tc.path)
	}
	for _, path := range []string{"/member/fees/voucher", "/admin/statements"} {
		b := mb
		if strings.HasPrefix(path, "/admin") {
			b = admin
		}
		res := b.upload(path, "-", []filePart{{"voucher", "a.pdf", membershiptest.PDF()}}, nil)
		assert.Equal(t, http.StatusForbidden, res.Status, path)
	}
	assert.Equal(t, member.StatusApproved, f.status(t, p.ID))
	assert.Empty(t, f.payments(t, p.ID))
}
