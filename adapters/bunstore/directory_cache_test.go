package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// One directory asked the same questions before and after members are added
// and changed answers with the registry as it is now: the totals, counts and
// matches it keeps are those of the registry's current version. On SQLite,
// and on PostgreSQL when a database is configured.
func TestDirectoryAnswersFollowChanges(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { answersFollowChanges(t, bunstoretest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
		bunstoretest.AddOutboxTable(t, db)
		answersFollowChanges(t, db)
	})
}

func answersFollowChanges(t *testing.T, db *bunstore.DB) {
	ctx := context.Background()
	repo := bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db))
	d := bunstore.NewMemberDirectory(db)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	add := func(name, email string) *member.Member {
		m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: name, Email: email,
			PasswordHash: "h"}, now)
		require.NoError(t, err)
		require.NoError(t, repo.Add(ctx, m))
		return m
	}
	ask := func(f ports.MemberFilter) ports.MemberPage {
		t.Helper()
		p, err := d.Search(ctx, ports.MemberQuery{Filter: f, Limit: 10, Facets: true})
		require.NoError(t, err)
		return p
	}
	first := add("中国质量协会", "q@example.com")
	assert.Equal(t, 1, ask(ports.MemberFilter{Search: "质量"}).Total)
	assert.Equal(t, 1, ask(ports.MemberFilter{}).Total)
	assert.Equal(t, map[string]int{"registered": 1}, ask(ports.MemberFilter{}).Facets[ports.FacetStatus])

	add("上海质量检测有限公司", "s@example.com")
	p := ask(ports.MemberFilter{Search: "质量"})
	require.Equal(t, 2, p.Total, "a new member is found by a search asked before")
	assert.Len(t, p.Rows, 2)
	assert.Equal(t, 2, ask(ports.MemberFilter{}).Total)
	assert.Equal(t, 0, ask(ports.MemberFilter{Search: "19000001"}).Total)

	require.NoError(t, repo.Update(ctx, first.ID(), func(_ context.Context, m *member.Member) error {
		return membertest.Approve(m, "19000001", now)
	}))
	assert.Equal(t, map[string]int{"registered": 1, "approved": 1}, ask(ports.MemberFilter{}).Facets[ports.FacetStatus],
		"the counts follow a change of status")
	assert.Equal(t, 1, ask(ports.MemberFilter{Search: "19000001"}).Total, "the number given is found")
	assert.Equal(t, 1, ask(ports.MemberFilter{Status: member.StatusApproved}).Total)
	numbers := map[string]string{}
	for _, r := range ask(ports.MemberFilter{}).Rows {
		numbers[r.Name] = r.Number
	}
	assert.Equal(t, map[string]string{"中国质量协会": "19000001", "上海质量检测有限公司": ""}, numbers,
		"the rows shown are the members as they are now")
}
