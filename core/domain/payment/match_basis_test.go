package payment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/payment"
)

// Only a reference code or finance's assignment is confirmed in bulk; a match
// by payer name and amount is a proposal finance confirms line by line. Each
// match says why it was made.
func TestMatchBasisAndExplicitConfirmation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind               payment.MatchKind
		basis              string
		bulk, explicitOnly bool
	}{
		{payment.MatchReference, "参考码", true, false},
		{payment.MatchNameAmount, "户名+金额", false, true},
		{payment.MatchManual, "手动指定", true, false},
		{payment.MatchAmbiguous, "", false, false},
		{payment.MatchNone, "", false, false},
		{payment.MatchTwice, "", false, false},
	} {
		assert.Equal(t, tc.basis, tc.kind.Basis(), tc.kind)
		assert.Equal(t, tc.bulk, tc.kind.BulkConfirmable(), tc.kind)
		assert.Equal(t, tc.explicitOnly, tc.kind.NeedsExplicitConfirmation(), tc.kind)
	}
}

// A payer named like a member is matched by the registered name the directory
// files the member under — and only proposed.
func TestNameOnlyMatchIsAProposal(t *testing.T) {
	t.Parallel()
	victim := payment.Candidate{MemberID: "v", Name: "甲公司", DueFen: 500000, Purpose: payment.PurposeJoin}
	dir := payment.Directory{ByReference: map[string]payment.Candidate{},
		ByName: map[string][]payment.Candidate{payment.MatchName("甲公司"): {victim}}}
	ps := payment.MatchLines([]payment.Line{{Row: 2, AmountFen: 500000, PayerName: "甲公司"}}, dir)
	assert.Equal(t, payment.MatchNameAmount, ps[0].Kind)
	assert.Equal(t, "v", ps[0].MemberID)
	assert.True(t, ps[0].Kind.NeedsExplicitConfirmation())
}
