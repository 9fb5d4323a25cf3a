package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

// TestNumberScopeFollowsTheYearToken: a pattern with a year token draws from one
// counter per kind and year; one without draws from a single running counter per
// kind, so that 1 January does not hand out last year's numbers again.
func TestNumberScopeFollowsTheYearToken(t *testing.T) {
	t.Parallel()
	y2025 := time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)
	y2026 := time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		pattern string
		year    bool
	}{
		{"{YY}{SEQ:6}", true},
		{"GR{YY}{SEQ:4}", true},
		{"M{YYYY}-{SEQ:3}", true},
		{"{SEQ:6}", false},
		{"GR{SEQ:4}", false},
		{"Y{SEQ:4}Y", false},
	} {
		f := member.NumberFormat{Pattern: tc.pattern}
		require.NoError(t, f.Validate(), tc.pattern)
		assert.Equal(t, tc.year, f.HasYear(), tc.pattern)
		s25, s26 := f.Scope(member.Enterprise, y2025), f.Scope(member.Enterprise, y2026)
		if tc.year {
			assert.Equal(t, "member_number:enterprise:2025", s25, tc.pattern)
			assert.Equal(t, "member_number:enterprise:2026", s26, tc.pattern)
			assert.Equal(t, member.SequenceScope(member.Enterprise, y2026), s26, tc.pattern)
		} else {
			assert.Equal(t, "member_number:enterprise", s25, tc.pattern)
			assert.Equal(t, s25, s26, "%s: one counter across years", tc.pattern)
		}
		assert.NotEqual(t, s26, f.Scope(member.Individual, y2026), "%s: one counter per kind", tc.pattern)
	}

	// Without a year the number does not depend on the year either.
	f := member.NumberFormat{Pattern: "{SEQ:6}"}
	a, err := f.Format(y2025, 7)
	require.NoError(t, err)
	b, err := f.Format(y2026, 7)
	require.NoError(t, err)
	assert.Equal(t, "000007", a)
	assert.Equal(t, a, b, "the same value gives the same number in any year: the counter must not restart")
}
