package member_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

// Two kinds' patterns that could make the same number are refused; patterns
// that differ in a fixed character or in length pass, the defaults among them.
func TestNumberPatternsOfTwoKindsMustNotOverlap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		enterprise, individual string
		overlap                bool
	}{
		{member.DefaultEnterpriseNumbers.Pattern, member.DefaultIndividualNumbers.Pattern, false},
		{"{YY}{SEQ:6}", "{YY}{SEQ:6}", true},    // the same pattern
		{"{YY}{SEQ:6}", "{SEQ:8}", true},        // eight digits each
		{"{YYYY}{SEQ:4}", "{YY}{SEQ:6}", true},  // 20250001 is either
		{"{YY}{SEQ:6}", "1{YY}{SEQ:5}", true},   // a digit prefix is no prefix
		{"9{SEQ:5}", "{YY}{SEQ:4}", true},       // 9 is a digit a year may start with
		{"{YY}{SEQ:6}", "{YY}{SEQ:5}", false},   // different lengths
		{"{YY}{SEQ:6}", "GR{YY}{SEQ:6}", false}, // a letter prefix
		{"E{SEQ:6}", "P{SEQ:6}", false},         // different letters
		{"{YY}-{SEQ:4}", "{YY}{SEQ:5}", false},  // - is never a digit
		{"{SEQ:4}A", "{SEQ:4}B", false},         // a suffix works too
		{"{YYY}{SEQ:2}", "{YYY}{SEQ:2}", true},  // {YYY} is copied as it is
		{"会{SEQ:4}", "员{SEQ:4}", false},         // characters, not bytes
		{"QA{YYYY}-{SEQ:1}", "GR{YY}{SEQ:4}", false},
	} {
		e, i := member.NumberFormat{Pattern: tc.enterprise}, member.NumberFormat{Pattern: tc.individual}
		got, err := e.Overlaps(i)
		require.NoError(t, err, tc)
		assert.Equal(t, tc.overlap, got, "%s / %s", tc.enterprise, tc.individual)
		back, err := i.Overlaps(e)
		require.NoError(t, err)
		assert.Equal(t, got, back, "symmetric")
		err = member.CheckNumberFormats(e, i)
		if tc.overlap {
			require.Error(t, err, tc)
			assert.Contains(t, err.Error(), "can make the same member number")
			assert.Contains(t, err.Error(), tc.enterprise)
		} else {
			assert.NoError(t, err, tc)
		}
	}
	assert.Error(t, member.CheckNumberFormats(member.NumberFormat{Pattern: "{YY}"}, member.DefaultIndividualNumbers),
		"an invalid pattern is refused first")
}
