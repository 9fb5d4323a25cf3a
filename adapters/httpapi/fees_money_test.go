package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// The money cases through the API: paying online while a claim awaits finance
// is 409 payment_pending; finance's amount more than the fee, zero or negative
// is 422 on amount; a shortfall within the bank-fee tolerance (¥50) confirms
// the fee in full.
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
	for _, fen := range []int64{48001, 0, -100, 48000 - 5001} {
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
