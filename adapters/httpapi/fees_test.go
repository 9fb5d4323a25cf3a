package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
)

// approvedToken makes a member whose application is approved (through the core)
// and logs it in through the API.
func (a *testAPI) approvedToken(kind, email, name string) (access.Principal, string) {
	a.t.Helper()
	p := a.env.ApprovedMember(a.t, kind, name, email)
	r := a.login(name, "abc123", "")
	require.Equal(a.t, http.StatusCreated, r.Status, string(r.Body))
	return p, r.str("token")
}

// status returns the member's stored status.
func (a *testAPI) status(id string) member.Status {
	a.t.Helper()
	return a.stored(id).Status()
}

// uploadTo posts files to an upload endpoint.
func (a *testAPI) uploadTo(path, token string, files ...filePart) reply {
	a.t.Helper()
	body, ct := multipartBody(a.t, files...)
	return a.do(call{Method: http.MethodPost, Path: path, Raw: &body, ContentType: ct, Token: token})
}

func TestFeesThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, membershiptest.WithAlipaySandbox()) // online payment exists, but not for enterprises
	p, tok := a.approvedToken("enterprise", "api-fees@example.com", "接口缴费公司")
	fin := a.staffToken("finance-api", "finance")
	sec := a.staffToken("secretariat-api", "secretariat")

	page := a.do(call{Method: http.MethodGet, Path: "/me/fees", Token: tok})
	require.Equal(t, http.StatusOK, page.Status, string(page.Body))
	obj := page.object()
	assert.Equal(t, "缴费状态：未缴费-未开发票", obj["status_line"])
	assert.Equal(t, "普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年", obj["fees_text"])
	assert.Equal(t, float64(500000), obj["amount_due_fen"])
	assert.Equal(t, true, obj["can_claim"])
	assert.Equal(t, false, obj["can_pay_online"])
	assert.True(t, payment.ValidReference(obj["payment_ref"].(string)))

	// Staff have no fee page; nobody without a token either.
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/me/fees", Token: fin}).Status)
	assert.Equal(t, http.StatusUnauthorized, a.do(call{Method: http.MethodGet, Path: "/me/fees"}).Status)

	claim := a.do(call{Method: http.MethodPost, Path: "/me/fees/claim", Token: tok})
	require.Equal(t, http.StatusCreated, claim.Status, string(claim.Body))
	pid := claim.str("id")
	assert.Equal(t, "open", claim.str("status"))
	again := a.do(call{Method: http.MethodPost, Path: "/me/fees/claim", Token: tok})
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Equal(t, "claim_open", again.code())
	online := a.do(call{Method: http.MethodPost, Path: "/me/fees/online", Token: tok})
	assert.Equal(t, http.StatusConflict, online.Status)
	assert.Equal(t, "online_payment_individual_only", online.code())

	// The finance queue.
	q := a.do(call{Method: http.MethodGet, Path: "/payments", Token: fin})
	require.Equal(t, http.StatusOK, q.Status)
	assert.Equal(t, float64(1), q.object()["counts"].(map[string]any)["open"])
	assert.Equal(t, http.StatusUnprocessableEntity, a.do(call{Method: http.MethodGet, Path: "/payments?status=lost", Token: fin}).Status)
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/payments", Token: tok}).Status)
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/payments", Token: sec}).Status)
	d := a.do(call{Method: http.MethodGet, Path: "/payments/" + pid, Token: fin})
	require.Equal(t, http.StatusOK, d.Status)
	assert.Equal(t, true, d.object()["can_confirm"])
	assert.Equal(t, http.StatusOK, a.do(call{Method: http.MethodGet, Path: "/payments/" + pid, Token: tok}).Status,
		"the member reads its own payment")
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/payments/nope", Token: fin}).Status)

	today := time.Now().Format(time.DateOnly)
	confirm := func(token string, body map[string]any) reply {
		return a.do(call{Method: http.MethodPost, Path: "/payments/" + pid + "/confirm", Token: token, Body: body})
	}
	bad := []struct {
		name   string
		token  string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"the member itself", tok, map[string]any{"amount_fen": 500000, "paid_on": today, "bank_ref": "X1"}, 403, "forbidden", ""},
		{"the secretariat", sec, map[string]any{"amount_fen": 500000, "paid_on": today, "bank_ref": "X1"}, 403, "forbidden", ""},
		{"wrong amount", fin, map[string]any{"amount_fen": 50000, "paid_on": today, "bank_ref": "X1"}, 422, "amount_mismatch", "amount"},
		{"no amount", fin, map[string]any{"paid_on": today, "bank_ref": "X1"}, 422, "validation_failed", "amount"},
		{"bad day", fin, map[string]any{"amount_fen": 500000, "paid_on": "21/09/2019", "bank_ref": "X1"}, 422, "validation_failed", "paid_on"},
		{"no reference", fin, map[string]any{"amount_fen": 500000, "paid_on": today}, 422, "validation_failed", "bank_ref"},
		{"amount as text", fin, map[string]any{"amount_fen": "5000", "paid_on": today, "bank_ref": "X1"}, 400, "bad_request", "amount_fen"},
		{"unknown field", fin, map[string]any{"amount": 5000, "paid_on": today, "bank_ref": "X1"}, 400, "bad_request", "amount"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			r := confirm(tc.token, tc.body)
			assert.Equal(t, tc.status, r.Status, string(r.Body))
			if tc.code != "validation_failed" {
				assert.Equal(t, tc.code, r.code())
			}
			if tc.field != "" {
				assert.Contains(t, r.fields(), tc.field)
			}
			assert.Equal(t, member.StatusPaymentClaimed, a.status(p.ID), "nothing changed")
		})
	}
	wrong := confirm(fin, map[string]any{"amount_fen": 50000, "paid_on": today, "bank_ref": "X1"})
	assert.Contains(t, string(wrong.Body), "到账金额少于应缴：应缴¥5000，实际¥500")

	// Two finance users at once: one wins, the other gets 409.
	fin2 := a.staffToken("finance-api-2", "finance")
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	codes := make([]string, 2)
	for i, token := range []string{fin, fin2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := confirm(token, map[string]any{"amount_fen": 500000, "paid_on": today, "bank_ref": "API-REF-1"})
			statuses[i], codes[i] = r.Status, r.code()
		}()
	}
	wg.Wait()
	assert.ElementsMatch(t, []int{http.StatusOK, http.StatusConflict}, statuses)
	assert.Contains(t, codes, payment.ErrAlreadyHandled)
	assert.Equal(t, member.StatusAwaitingSecretariat, a.status(p.ID))

	// The secretariat's queue and approval; finance may not approve.
	pending := a.do(call{Method: http.MethodGet, Path: "/memberships/pending", Token: sec})
	require.Equal(t, http.StatusOK, pending.Status)
	assert.Equal(t, float64(1), pending.object()["total"])
	approve := func(token string, body map[string]any) reply {
		return a.do(call{Method: http.MethodPost, Path: "/memberships/approve", Token: token, Body: body})
	}
	r := approve(fin, map[string]any{"member_ids": []string{p.ID}, "doc_no": "中质协〔2024〕3号"})
	assert.Equal(t, http.StatusForbidden, r.Status)
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/memberships/pending", Token: fin}).Status)
	r = approve(sec, map[string]any{"member_ids": []string{p.ID}, "doc_no": ""})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	assert.Contains(t, r.fields(), "doc_no")
	r = approve(sec, map[string]any{"member_ids": []string{p.ID, "nobody"}, "doc_no": "中质协〔2024〕3号"})
	assert.Equal(t, http.StatusNotFound, r.Status, string(r.Body))
	assert.Equal(t, member.StatusAwaitingSecretariat, a.status(p.ID), "all or none")
	r = approve(sec, map[string]any{"member_ids": []string{p.ID}, "doc_no": "中质协〔2024〕3号"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	item := r.object()["items"].([]any)[0].(map[string]any)
	m := a.stored(p.ID)
	assert.Equal(t, m.ValidUntil().Format(time.DateOnly), item["valid_until"])
	assert.Equal(t, member.StatusActive, m.Status())
	me := a.do(call{Method: http.MethodGet, Path: "/me", Token: tok})
	assert.Contains(t, string(me.Body), m.ValidUntil().Format(time.DateOnly))
	fees := a.do(call{Method: http.MethodGet, Path: "/me/fees", Token: tok})
	assert.Equal(t, "缴费状态：已完成缴费;无发票申请记录", fees.str("status_line"))
}

func TestOnlinePaymentAndVoucherThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, membershiptest.WithAlipaySandbox())
	p, tok := a.approvedToken("individual", "api-online@example.com", "接口个人")
	fees := a.do(call{Method: http.MethodGet, Path: "/me/fees", Token: tok})
	assert.Equal(t, true, fees.object()["can_pay_online"])
	assert.Equal(t, "缴费状态：未缴费", fees.str("status_line"))

	started := a.do(call{Method: http.MethodPost, Path: "/me/fees/online", Token: tok})
	require.Equal(t, http.StatusCreated, started.Status, string(started.Body))
	assert.True(t, strings.HasPrefix(started.str("redirect_url"), "http://member.test/sandbox/alipay/gateway.do?"))
	assert.Equal(t, float64(48000), started.object()["amount_fen"])
	no := started.str("out_trade_no")
	state := a.do(call{Method: http.MethodGet, Path: "/me/fees/online/" + no, Token: tok})
	require.Equal(t, http.StatusOK, state.Status)
	assert.Equal(t, false, state.object()["paid"])
	_, other := a.approvedToken("individual", "api-other@example.com", "别的个人")
	assert.Equal(t, http.StatusNotFound, a.do(call{Method: http.MethodGet, Path: "/me/fees/online/" + no, Token: other}).Status)

	// Vouchers: the content decides.
	pdf := membershiptest.PDF()
	for _, tc := range []struct {
		name   string
		files  []filePart
		status int
		code   string
	}{
		{"none", nil, 422, "file_required"},
		{"two", []filePart{{"voucher", "a.pdf", pdf}, {"voucher", "b.pdf", pdf}}, 422, "too_many_files"},
		{"a PNG", []filePart{{"voucher", "a.png", membershiptest.PNG(t, 20, 20)}}, 422, "file_type"},
		{"text named .pdf", []filePart{{"voucher", "a.pdf", []byte("hello")}}, 422, "file_type"},
		{"a broken PDF", []filePart{{"voucher", "a.pdf", pdf[:30]}}, 422, "file_corrupt"},
		{"far too large", []filePart{{"voucher", "a.pdf", make([]byte, payment.MaxVoucherBytes+200<<10)}}, 413, "file_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.uploadTo("/me/fees/voucher", tok, tc.files...)
			assert.Equal(t, tc.status, r.Status, string(r.Body))
			assert.Equal(t, tc.code, r.fields()["voucher"])
			assert.Equal(t, member.StatusApproved, a.status(p.ID))
		})
	}
	v := a.uploadTo("/me/fees/voucher", tok, filePart{"voucher", "转账凭证.pdf", pdf})
	require.Equal(t, http.StatusCreated, v.Status, string(v.Body))
	assert.Equal(t, "voucher", v.str("method"))
	assert.Equal(t, true, v.object()["has_voucher"])
	assert.Equal(t, false, v.object()["sandbox"], "a transfer moves real money")
	file := a.do(call{Method: http.MethodGet, Path: "/payments/" + v.str("id") + "/voucher", Token: tok})
	require.Equal(t, http.StatusOK, file.Status)
	assert.Equal(t, pdf, file.Body)
	assert.Equal(t, http.StatusNotFound,
		a.do(call{Method: http.MethodGet, Path: "/payments/" + v.str("id") + "/voucher", Token: other}).Status)
}

func TestStatementsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	x := a.env.ApprovedMember(t, "enterprise", "对账乙公司", "api-recon-x@example.com")
	y := a.env.ApprovedMember(t, "enterprise", "对账丙公司", "api-recon-y@example.com")
	refs := map[string]string{}
	for _, p := range []access.Principal{x, y} {
		v, err := a.env.App.Queries.FeePage.Handle(context.Background(), feePageQuery(p))
		require.NoError(t, err)
		refs[p.ID] = v.PaymentRef
	}
	fin := a.staffToken("finance-recon", "finance")
	upload := func(name, content string) reply {
		return a.uploadTo("/statements", fin, filePart{"statement", name, []byte(content)})
	}
	r := upload("坏.csv", "交易日期,贷方金额,对方户名\n2024-01-02,abc,对账乙公司\n")
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status, string(r.Body))
	assert.Contains(t, r.fields(), "statement")
	list := a.do(call{Method: http.MethodGet, Path: "/statements", Token: fin})
	assert.Equal(t, float64(0), list.object()["total"], "nothing stored")

	// A line that carries both members' codes is ambiguous: the step is refused.
	csv := "交易日期,贷方金额,对方户名,摘要,流水号\n" +
		"2024-01-02,5000,对账乙公司,会费 " + refs[x.ID] + ",S1\n" +
		"2024-01-03,5000,某人,会费 " + refs[x.ID] + " " + refs[y.ID] + ",S2\n"
	r = upload("一月.csv", csv)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	assert.Equal(t, float64(1), r.object()["matched"])
	assert.Equal(t, float64(1), r.object()["unmatched"])
	sid := r.str("statement_id")
	st := a.do(call{Method: http.MethodGet, Path: "/statements/" + sid, Token: fin})
	require.Equal(t, http.StatusOK, st.Status)
	assert.Equal(t, false, st.object()["can_confirm"])
	c := a.do(call{Method: http.MethodPost, Path: "/statements/" + sid + "/confirm", Token: fin, Body: map[string]any{}})
	assert.Equal(t, http.StatusConflict, c.Status)
	assert.Equal(t, "statement_ambiguous", c.code())
	assert.Equal(t, member.StatusApproved, a.status(x.ID), "nothing confirmed")

	lines := a.do(call{Method: http.MethodGet, Path: "/statement-lines", Token: fin})
	require.Equal(t, http.StatusOK, lines.Status)
	items := lines.object()["items"].([]any)
	require.Len(t, items, 1)
	line := items[0].(map[string]any)
	assert.Len(t, line["candidates"], 2)
	ig := a.do(call{Method: http.MethodPost, Path: "/statement-lines/" + line["id"].(string) + "/assign", Token: fin,
		Body: map[string]any{"ignore": true}})
	assert.Equal(t, http.StatusNoContent, ig.Status, string(ig.Body))

	c = a.do(call{Method: http.MethodPost, Path: "/statements/" + sid + "/confirm", Token: fin, Body: map[string]any{}})
	require.Equal(t, http.StatusOK, c.Status, string(c.Body))
	assert.Equal(t, float64(1), c.object()["confirmed"])
	assert.Equal(t, member.StatusAwaitingSecretariat, a.status(x.ID))
	assert.Equal(t, member.StatusApproved, a.status(y.ID))

	r = upload("一月-再次.csv", csv)
	require.Equal(t, http.StatusCreated, r.Status)
	assert.Equal(t, float64(2), r.object()["duplicates"])
	assert.Equal(t, float64(0), r.object()["new"])

	// Members and the secretariat may not reconcile.
	_, tok := a.approvedToken("enterprise", "api-recon-m@example.com", "对账丁公司")
	assert.Equal(t, http.StatusForbidden, a.uploadTo("/statements", tok, filePart{"statement", "a.csv", []byte(csv)}).Status)
}

func TestFeeSettingsThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	admin := a.staffToken("admin-fees", "admin")
	fin := a.staffToken("finance-fees", "finance")
	s := a.do(call{Method: http.MethodGet, Path: "/settings/fees", Token: fin})
	require.Equal(t, http.StatusOK, s.Status)
	assert.Equal(t, false, s.object()["writable"])
	good := map[string]any{"fees": map[string]any{"ordinary_fen": 600000, "council_fen": 1200000, "individual_fen": 50000},
		"payee": map[string]any{"name": "某某行业协会", "account": "6222-0000", "bank": "建设银行某某支行"}}
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodPut, Path: "/settings/fees", Token: fin, Body: good}).Status)
	bad := map[string]any{"fees": map[string]any{"ordinary_fen": 0, "council_fen": 1200000, "individual_fen": 50000},
		"payee": map[string]any{"name": "", "account": "x", "bank": "b"}}
	r := a.do(call{Method: http.MethodPut, Path: "/settings/fees", Token: admin, Body: bad})
	assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
	for _, f := range []string{"fees_ordinary", "payee_name", "payee_account"} {
		assert.Contains(t, r.fields(), f)
	}
	r = a.do(call{Method: http.MethodPut, Path: "/settings/fees", Token: admin, Body: good})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, true, r.object()["writable"])
	assert.Equal(t, float64(600000), r.object()["fees"].(map[string]any)["ordinary_fen"])
}

func feePageQuery(p access.Principal) query.FeePage { return query.FeePage{Principal: p} }
