package contract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// PublicLookupFixture is a member repository and the public lookup of its
// store.
type PublicLookupFixture struct {
	Members ports.MemberRepository
	Lookup  ports.PublicLookup
}

// RunPublicLookup runs the contract of ports.PublicLookup: exact matches by
// number, registered name (either kind) and USCC, members with a number only.
func RunPublicLookup(t *testing.T, newFixture func(t *testing.T) PublicLookupFixture) {
	run(t, "exact matches of members with a number", func(t *testing.T) { publicLookupMatches(t, newFixture(t)) })
	run(t, "nothing for partial text, other case or no number", func(t *testing.T) {
		publicLookupMisses(t, newFixture(t))
	})
}

func publicLookupMatches(t *testing.T, f PublicLookupFixture) {
	ctx, now := context.Background(), epoch()
	active := apptest.AddMember(t, f.Members, member.Enterprise, "中国质量协会测试单位", member.StatusActive, now)
	lapsed := apptest.AddMember(t, f.Members, member.Individual, "张三", member.StatusLapsed, now)

	got, err := f.Lookup.LookupPublic(ctx, active.Number(), "", "", 5)
	require.NoError(t, err)
	require.Len(t, got, 1)
	p := got[0]
	assert.Equal(t, active.ID(), p.ID)
	assert.Equal(t, "中国质量协会测试单位", p.Name)
	assert.Equal(t, member.Enterprise, p.Kind)
	assert.Equal(t, member.StatusActive, p.Status)
	assert.Equal(t, active.Level(), p.Level)
	assert.False(t, p.ValidUntil.IsZero())
	assert.Equal(t, active.ValidUntil().Format("2006-01-02"), p.ValidUntil.Format("2006-01-02"))
	assert.Equal(t, active.ValidFrom().Format("2006-01-02"), p.ValidFrom.Format("2006-01-02"))

	got, err = f.Lookup.LookupPublic(ctx, "", "张三", "", 5)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, lapsed.ID(), got[0].ID)
	assert.Equal(t, member.StatusLapsed, got[0].Status)

	got, err = f.Lookup.LookupPublic(ctx, "", "", membertest.ValidUSCC, 5)
	require.NoError(t, err)
	require.Len(t, got, 1, "the enterprise by its form's USCC")
	assert.Equal(t, active.ID(), got[0].ID)

	got, err = f.Lookup.LookupPublic(ctx, lapsed.Number(), "中国质量协会测试单位", membertest.ValidUSCC, 5)
	require.NoError(t, err)
	require.Len(t, got, 2, "any of the three, each member once")
	assert.Less(t, got[0].Number, got[1].Number, "ordered by number")
	got, err = f.Lookup.LookupPublic(ctx, lapsed.Number(), "中国质量协会测试单位", "", 1)
	require.NoError(t, err)
	assert.Len(t, got, 1, "at most limit")
}

func publicLookupMisses(t *testing.T, f PublicLookupFixture) {
	ctx, now := context.Background(), epoch()
	active := apptest.AddMember(t, f.Members, member.Enterprise, "中国质量协会测试单位", member.StatusActive, now)
	apptest.AddMember(t, f.Members, member.Enterprise, "未审核单位", member.StatusSubmitted, now)
	for _, c := range []struct{ number, name, uscc string }{
		{"", "", ""},
		{active.Number()[:4], "", ""},
		{"", "中国质量协会", ""},
		{"", "未审核单位", ""},
		{"", "", membertest.ValidUSCC[:10]},
		{"%", "%", "%"},
	} {
		got, err := f.Lookup.LookupPublic(ctx, c.number, c.name, c.uscc, 5)
		require.NoError(t, err)
		assert.Empty(t, got, "%+v", c)
		assert.NotNil(t, got, "none is an empty list")
	}
}
