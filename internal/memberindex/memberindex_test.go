package memberindex_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "abc1(质量)", memberindex.Normalize(" ＡＢＣ１ （质量）\t"))
	assert.Equal(t, []string{"中国", "质量"}, memberindex.QueryTerms("中国\u3000质量 "))
	assert.Len(t, memberindex.QueryTerms("a b c d e f g h i j"), memberindex.MaxTerms)
}

// A substring is a phrase of consecutive tokens, a character a token prefix,
// and no phrase runs across two terms.
func TestTokens(t *testing.T) {
	t.Parallel()
	tokens := memberindex.Tokens([]string{"中国质量", "ab"})
	assert.Len(t, tokens, 6)
	phrase, prefix := memberindex.TermQuery("国质")
	assert.False(t, prefix)
	assert.Equal(t, tokens[1:2], phrase)
	phrase, _ = memberindex.TermQuery("中国质量")
	assert.Equal(t, tokens[0:3], phrase)
	one, prefix := memberindex.TermQuery("量")
	assert.True(t, prefix)
	assert.Regexp(t, "^"+one[0], tokens[3], "the last character has a token too")
	across, _ := memberindex.TermQuery("量a")
	assert.NotContains(t, tokens, across[0])
	for _, tok := range tokens {
		assert.Regexp(t, "^[a-z]{10}$", tok)
	}
}

func TestNewEntry(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC)
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "中国质量协会",
		Email: "Q@example.com", PasswordHash: "h"}, now)
	assert.NoError(t, err)
	assert.NoError(t, membertest.Approve(m, "25000001", now))
	e := memberindex.New(m.Snapshot(), true, time.FixedZone("CST", 8*3600))
	assert.Equal(t, "2025", e.JoinedYear, "the day of joining in the association's zone")
	assert.Equal(t, "2025-01-01", e.JoinedKey)
	assert.Equal(t, payment.StateConfirming, e.FeeState, "approved with a claim")
	assert.Equal(t, "11", e.Province)
	assert.Equal(t, memberindex.Missing, e.ValidityKey)
	assert.Contains(t, e.Terms, "zgzlxh")
	assert.Contains(t, e.Terms, "q@example.com")
	assert.Contains(t, e.Terms, "lm", "the contact's initials")
}
