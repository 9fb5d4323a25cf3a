package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// The money cases through the API: paying online while a claim awaits finance
// is 409 payment_pending; finance's amount zero, negative or short beyond the
// tolerance (not said to be partial) is 422 on amount; a shortfall within the
// bank-fee tolerance (¥50) confirms the fee in full.
func TestMoneyCasesThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t, membershiptest.WithAlipaySandbox())
	p, tok := a.approvedToken("individual", "api-money@example.com", "接口手续费")
	fin := a.staffToken("finance-money", "finance")

	claim := a.do(call{Method: http.MethodPost, Path: "/me/fees/claim", Token: tok})
	require.Equal(t, http.StatusCreated, claim.Status, string(claim.Body))
	pid := claim.str("id")
	online := a.do(call{Method: http.MethodPost, Path: "/me/fees/online", Token: tok})
	assert.Equal(t, http.StatusConflict, online.Status, string(online.Body))
	assert.Equal(t, "payment_pending", online.code())

	today := time.Now().Format(time.DateOnly)
	confirm := func(fen int64) reply {
		return a.do(call{Method: http.MethodPost, Path: "/payments/" + pid + "/confirm", Token: fin,
			Body: map[string]any{"amount_fen": fen, "paid_on": today, "bank_ref": "FEE-1"}})
	}
	for _, fen := range []int64{0, -100, 48000 - 5001} {
		r := confirm(fen)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "%d: %s", fen, r.Body)
		assert.Contains(t, r.fields(), "amount", fen)
		assert.Equal(t, member.StatusPaymentClaimed, a.status(p.ID), "nothing changed")
	}
	r := confirm(48000 - 5000)
	require.Less(t, r.Status, 300, string(r.Body))
	assert.Equal(t, member.StatusAwaitingSecretariat, a.status(p.ID))
	got := a.do(call{Method: http.MethodGet, Path: "/payments/" + pid, Token: fin})
	assert.Equal(t, float64(43000), got.object()["paid_fen"])
	assert.Equal(t, float64(5000), got.object()["fees_deducted_fen"])
}

// Partial payment, refund and ledger through the API: ¥300 of ¥480 recorded
// as partial (partial: true), /me/fees shows the balance, the claim for the
// balance confirmed with ¥10 too much completes the fee and leaves a refund
// due, listed under /refunds until marked refunded (twice: 409); the ledger
// downloads as CSV.
func TestPartialPaymentRefundAndLedgerThroughTheAPI(t *testing.T) {
	t.Parallel()
	a := newTestAPI(t)
	p, tok := a.approvedToken("individual", "api-partial@example.com", "接口部分缴费")
	fin := a.staffToken("finance-partial", "finance")
	today := time.Now().Format(time.DateOnly)
	confirm := func(pid string, body map[string]any) reply {
		return a.do(call{Method: http.MethodPost, Path: "/payments/" + pid + "/confirm", Token: fin, Body: body})
	}
	claim := a.do(call{Method: http.MethodPost, Path: "/me/fees/claim", Token: tok})
	require.Equal(t, http.StatusCreated, claim.Status, string(claim.Body))
	r := confirm(claim.str("id"), map[string]any{"amount_fen": 30000, "paid_on": today, "bank_ref": "PA-1",
		"partial": true})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "partial", r.str("status"))
	assert.Equal(t, float64(18000), r.object()["balance_fen"])
	fees := a.do(call{Method: http.MethodGet, Path: "/me/fees", Token: tok})
	assert.Equal(t, float64(18000), fees.object()["owing_fen"])
	assert.Equal(t, "缴费状态：部分缴费（已缴¥300，尚欠¥180）", fees.str("status_line"))

	second := a.do(call{Method: http.MethodPost, Path: "/me/fees/claim", Token: tok})
	require.Equal(t, http.StatusCreated, second.Status, string(second.Body))
	sid := second.str("id")
	r = confirm(sid, map[string]any{"amount_fen": 19000, "paid_on": today, "bank_ref": "PA-2"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "due", r.str("refund_state"))
	assert.Equal(t, member.StatusAwaitingSecretariat, a.status(p.ID))

	list := a.do(call{Method: http.MethodGet, Path: "/refunds", Token: fin})
	require.Equal(t, http.StatusOK, list.Status, string(list.Body))
	assert.Equal(t, float64(1), list.object()["total"])
	assert.Equal(t, http.StatusForbidden, a.do(call{Method: http.MethodGet, Path: "/refunds", Token: tok}).Status)

	mark := func() reply {
		return a.do(call{Method: http.MethodPost, Path: "/payments/" + sid + "/refunded", Token: fin,
			Body: map[string]any{"refunded_on": today, "refund_ref": "RF-1", "note": "原路退回"}})
	}
	bad := a.do(call{Method: http.MethodPost, Path: "/payments/" + sid + "/refunded", Token: fin,
		Body: map[string]any{"refunded_on": "2024-13-01", "refund_ref": ""}})
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	assert.Contains(t, bad.fields(), "refunded_on")
	assert.Contains(t, bad.fields(), "refund_ref")
	r = mark()
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	assert.Equal(t, "refunded", r.str("refund_state"))
	again := mark()
	assert.Equal(t, http.StatusConflict, again.Status)
	assert.Equal(t, "refund_already_done", again.code())

	csv := a.do(call{Method: http.MethodGet, Path: "/payments/ledger?format=csv", Token: fin})
	require.Equal(t, http.StatusOK, csv.Status, string(csv.Body))
	assert.True(t, strings.HasPrefix(string(csv.Body), "\ufeff会员号,"))
	assert.Contains(t, string(csv.Body), "480.00,300.00,0.00,180.00")
	assert.Equal(t, http.StatusUnprocessableEntity,
		a.do(call{Method: http.MethodGet, Path: "/payments/ledger?format=csv&from=2024-02-30", Token: fin}).Status)
	assert.Equal(t, http.StatusForbidden,
		a.do(call{Method: http.MethodGet, Path: "/payments/ledger?format=csv", Token: tok}).Status)
}
