package security_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
)

// Finding 15 (smaller): member-number patterns of the two kinds that could
// make the same number were accepted (only identical ones were refused), so an
// enterprise and a person could hold one number.

// TestFinding15OverlappingMemberNumberPatternsAreRefusedAtStart: the module
// (and so memberd, whose -enterprise-numbers and -individual-numbers fill
// Config.MemberNumbers) refuses to start with two patterns that could make
// the same number, and says why; the defaults and patterns that differ in a
// fixed character start.
func TestFinding15OverlappingMemberNumberPatternsAreRefusedAtStart(t *testing.T) {
	t.Parallel()
	for _, numbers := range []membership.MemberNumbers{
		{Enterprise: "{YY}{SEQ:6}", Individual: "{SEQ:8}"},
		{Enterprise: "{YYYY}{SEQ:4}", Individual: "{YY}{SEQ:6}"},
		{Enterprise: "{YY}{SEQ:6}", Individual: "1{YY}{SEQ:5}"},
	} {
		_, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test",
			MemberNumbers: numbers})
		require.Error(t, err, "%+v", numbers)
		assert.Contains(t, err.Error(), "MemberNumbers")
		assert.Contains(t, err.Error(), "can make the same member number")
	}
	for _, numbers := range []membership.MemberNumbers{
		{}, // the defaults: {YY}{SEQ:6} and GR{YY}{SEQ:4}
		{Enterprise: "{YYYY}{SEQ:4}", Individual: "GR{YYYY}{SEQ:4}"},
	} {
		m, err := membership.New(membership.Config{DataDir: t.TempDir(), BaseURL: "http://member.test",
			MemberNumbers: numbers})
		require.NoError(t, err, "%+v", numbers)
		require.NoError(t, m.Close())
	}
}
