package contract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/payment"
)

// statementRepeatedKey: lines of one Add sharing a key (one transaction listed
// twice in a file) are stored once — the first — and the others' IDs are
// returned; NewLines counts what was stored.
func statementRepeatedKey(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	d := payment.Day(epoch())
	line := payment.Line{Row: 2, Date: d, AmountFen: 48000, PayerName: "甲", Remark: "会费", BankRef: "R7"}
	again := line
	again.Row = 3
	other := payment.Line{Row: 4, Date: d, AmountFen: 100, PayerName: "乙", BankRef: "R8"}
	lines := []payment.Line{line, again, other}
	keys := payment.Keys(lines)
	require.Equal(t, keys[0], keys[1], "the same bank reference, the same key")
	stored := make([]payment.StoredLine, len(lines))
	for i, l := range lines {
		stored[i] = payment.StoredLine{ID: []string{"l1", "l2", "l3"}[i], StatementID: "s1", Key: keys[i], Line: l,
			Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchNone}, UpdatedAt: epoch()}
	}
	skipped, err := f.Statements.Add(ctx, payment.Statement{ID: "s1", FileName: "a.csv", Format: "csv",
		StaffID: "f", UploadedAt: epoch(), Lines: 3}, stored)
	require.NoError(t, err)
	assert.Equal(t, []string{"l2"}, skipped)
	st, ls, err := f.Statements.Get(ctx, "s1")
	require.NoError(t, err)
	assert.Equal(t, 3, st.Lines)
	assert.Equal(t, 2, st.NewLines)
	require.Len(t, ls, 2)
	assert.Equal(t, "l1", ls[0].ID)
	assert.Equal(t, 2, ls[0].Row)
	assert.Equal(t, "l3", ls[1].ID)
}
