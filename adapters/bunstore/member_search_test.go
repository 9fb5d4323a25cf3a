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
	return facetsOf(t, db, ports.MemberFilter{})[ports.FacetJoined]
}

// Migrate files the members a database holds from before the registry (or
// filed in another time zone), and counts them anew; on SQLite, and on
// PostgreSQL when a database is configured.
func TestMigrateFilesExistingMembers(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		migrateFiles(t, bunstoretest.Open(t, filepath.Join(t.TempDir(), "membership.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		db := bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t))
		bunstoretest.AddOutboxTable(t, db)
		migrateFiles(t, db)
	})
}

func migrateFiles(t *testing.T, db *bunstore.DB) {
	ctx := context.Background()
	repo := bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db))
	late := time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC) // 2025-01-01 04:00 in China
	approvedAt(t, repo, "中国质量协会", "q@example.com", "19000001", late)
	approvedAt(t, repo, "华信科技有限公司", "h@example.com", "19000002", late.Add(-24*time.Hour))
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "上海精工机械有限公司",
		Email: "j@example.com", PasswordHash: "h"}, late)
	require.NoError(t, err)
	require.NoError(t, membertest.Approve(m, "19000003", late))
	require.NoError(t, m.ConfirmPayment(late))
	require.NoError(t, m.ForwardToSecretariat(late))
	require.NoError(t, m.ApproveMembership("文号", late, late))
	require.NoError(t, repo.Add(ctx, m))
	assert.Equal(t, map[string]int{"2024": 3}, joinedYears(t, db), "filed in UTC")
	before := facetsOf(t, db, ports.MemberFilter{Today: late})
	require.Equal(t, map[string]int{"30": 0, "60": 0, "90": 0}, map[string]int{"30": before[ports.FacetExpiring]["30"],
		"60": before[ports.FacetExpiring]["60"], "90": before[ports.FacetExpiring]["90"]})
	inAYear := facetsOf(t, db, ports.MemberFilter{Today: late.AddDate(0, 11, 15)})
	require.Equal(t, map[string]int{"30": 1, "60": 1, "90": 1}, inAYear[ports.FacetExpiring])

	// A database from before the registry: nothing filed, nothing counted.
	for _, table := range []string{"member_search", "member_facet_counts"} {
		_, err := db.Bun().ExecContext(ctx, "DELETE FROM "+table)
		require.NoError(t, err)
	}
	if !db.IsPostgres() {
		_, err := db.Bun().ExecContext(ctx, "DELETE FROM member_search_fts")
		require.NoError(t, err)
	}
	assert.Empty(t, joinedYears(t, db))
	require.NoError(t, db.Migrate(ctx))
	assert.Equal(t, before, facetsOf(t, db, ports.MemberFilter{Today: late}), "counted anew")
	assert.Equal(t, inAYear, facetsOf(t, db, ports.MemberFilter{Today: late.AddDate(0, 11, 15)}))
	p, err := bunstore.NewMemberDirectory(db).Search(ctx, ports.MemberQuery{
		Filter: ports.MemberFilter{Search: "zgzl"}, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, p.Total)
	assert.Equal(t, "中国质量协会", p.Rows[0].Name, "the terms are indexed again")

	db.SetTimeZone(time.FixedZone("CST", 8*3600))
	require.NoError(t, db.Migrate(ctx))
	assert.Equal(t, map[string]int{"2024": 1, "2025": 2}, joinedYears(t, db), "filed again in the new zone")
}

func facetsOf(t *testing.T, db *bunstore.DB, f ports.MemberFilter) ports.MemberFacets {
	t.Helper()
	p, err := bunstore.NewMemberDirectory(db).Search(context.Background(), ports.MemberQuery{Filter: f, Limit: 1,
		Facets: true})
	require.NoError(t, err)
	return p.Facets
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
	p, err := d.Search(ctx, ports.MemberQuery{Filter: ports.MemberFilter{Search: "质量"}, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Total)
	p, err = d.Search(ctx, ports.MemberQuery{Limit: 1, Facets: true})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"draft": 3}, p.Facets[ports.FacetStatus])
	assert.Equal(t, map[string]int{"11": 3}, p.Facets[ports.FacetProvince], "the forms are stored with the members")
}
