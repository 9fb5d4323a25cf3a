package bunstore_test

import (
	"context"
	"path/filepath"
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

// approvedAt adds an enterprise whose application was approved at a time.
func approvedAt(t *testing.T, repo ports.MemberRepository, name, email, number string, at time.Time) {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: name, Email: email,
		PasswordHash: "h"}, at)
	require.NoError(t, err)
	require.NoError(t, membertest.Approve(m, number, at))
	require.NoError(t, repo.Add(context.Background(), m))
}

func joinedYears(t *testing.T, db *bunstore.DB) map[string]int {
	t.Helper()
	f, err := bunstore.NewMemberDirectory(db).Facets(context.Background(), ports.MemberFilter{})
	require.NoError(t, err)
	return f[ports.FacetJoined]
}

// Migrate files the members a database holds from before the registry (or
// filed in another time zone), and counts them anew.
func TestMigrateFilesExistingMembers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "membership.db")
	db := bunstoretest.Open(t, path)
	repo := bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db))
	late := time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC) // 2025-01-01 04:00 in China
	approvedAt(t, repo, "中国质量协会", "q@example.com", "19000001", late)
	approvedAt(t, repo, "华信科技有限公司", "h@example.com", "19000002", late.Add(-24*time.Hour))
	assert.Equal(t, map[string]int{"2024": 2}, joinedYears(t, db), "filed in UTC")

	// A database from before the registry: nothing filed, nothing counted.
	for _, table := range []string{"member_search", "member_search_fts", "member_facet_counts"} {
		_, err := db.Bun().ExecContext(ctx, "DELETE FROM "+table)
		require.NoError(t, err)
	}
	assert.Empty(t, joinedYears(t, db))
	require.NoError(t, db.Migrate(ctx))
	assert.Equal(t, map[string]int{"2024": 2}, joinedYears(t, db))
	rows, total, err := bunstore.NewMemberDirectory(db).Search(ctx, ports.MemberQuery{
		Filter: ports.MemberFilter{Search: "zgzl"}, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	assert.Equal(t, "中国质量协会", rows[0].Name, "the terms are indexed again")

	db.SetTimeZone(time.FixedZone("CST", 8*3600))
	require.NoError(t, db.Migrate(ctx))
	assert.Equal(t, map[string]int{"2024": 1, "2025": 1}, joinedYears(t, db), "filed again in the new zone")
}

// A bulk insert files its members and counts them.
func TestBulkInsertFilesMembers(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	snaps := make([]member.Snapshot, 3)
	for i, name := range []string{"中国质量协会", "上海质量检测有限公司", "北京华信科技有限公司"} {
		m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: name,
			Email: string(rune('a'+i)) + "@example.com", PasswordHash: "h"}, now)
		require.NoError(t, err)
		require.NoError(t, m.SaveEnterpriseForm(membertest.EnterpriseForm(name), false, now))
		snaps[i] = m.Snapshot()
	}
	require.NoError(t, db.BulkInsertMembers(ctx, snaps))
	d := bunstore.NewMemberDirectory(db)
	_, total, err := d.Search(ctx, ports.MemberQuery{Filter: ports.MemberFilter{Search: "质量"}, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	f, err := d.Facets(ctx, ports.MemberFilter{})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"draft": 3}, f[ports.FacetStatus])
	assert.Equal(t, map[string]int{"11": 3}, f[ports.FacetProvince], "the forms are stored with the members")
}
