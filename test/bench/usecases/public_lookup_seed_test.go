package usecases_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/membershiptest"
)

// lookupMembers is the size of the registry 会员查询 is measured on, and
// lookupFixture the version of its seed: the seeded SQLite file is kept in the
// temporary folder under this name and reused by later runs until the seed
// (or this version) changes.
const (
	lookupMembers = 1_000_000
	lookupFixture = "public-lookup-v1"
)

// lookupMember is the i-th seeded member's number, name and (enterprises) USCC.
func lookupMember(i int) (number, name, uscc string) {
	if i%5 == 4 {
		return fmt.Sprintf("GR%07d", i), fmt.Sprintf("基准个人%07d", i), ""
	}
	return fmt.Sprintf("%08d", i), fmt.Sprintf("基准质量%07d有限公司", i), fmt.Sprintf("91%016d", i)
}

// lookupEnv is the module on the cached seeded database (seeding it first
// when the cache is missing or from another fixture version).
func lookupEnv(b *testing.B) *membershiptest.Env {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "membership-bench")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, lookupFixture+".db")
	env := membershiptest.New(b, membershiptest.WithDatabase(path))
	ctx := context.Background()
	db, err := bunstore.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	var seeded int
	_ = db.SQL().QueryRowContext(ctx, "SELECT value FROM sequences WHERE scope = ?", lookupFixture).Scan(&seeded)
	if seeded == lookupMembers {
		b.Logf("reusing the seeded database %s", path)
		return env
	}
	start := time.Now()
	if err := seedLookup(ctx, db.SQL(), lookupMembers, time.Now().UTC().Truncate(24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d members in %v into %s", lookupMembers, time.Since(start).Round(time.Second), path)
	return env
}

// seedLookup writes n members (80 % enterprises with a USCC in the registry's
// member_search, 70 % active, 15 % lapsed, 5 % expiring, 10 % approved and not
// admitted yet) with plain SQL in one transaction of prepared inserts — no
// argon2, no events — and records the fixture version.
func seedLookup(ctx context.Context, db *sql.DB, n int, today time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	members, err := tx.PrepareContext(ctx, `INSERT INTO members (id, kind, name, email, password_hash, status,
		number, level, valid_from, valid_until, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare members: %w", err)
	}
	search, err := tx.PrepareContext(ctx, `INSERT INTO member_search (member_id, search_key, kind, level, status,
		fee_state, name, number, uscc, created_at, number_key, name_key, joined_key, validity_key)
		VALUES (?, 'bench', 'enterprise', ?, ?, 'paid', ?, ?, ?, ?, ?, ?, '', '')`)
	if err != nil {
		return fmt.Errorf("prepare member_search: %w", err)
	}
	at := today.Format("2006-01-02 15:04:05.999999-07:00")
	for i := range n {
		if err := seedLookupMember(ctx, members, search, i, today, at); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO sequences (scope, value) VALUES (?, ?)", lookupFixture, n); err != nil {
		return err
	}
	return tx.Commit()
}

func seedLookupMember(ctx context.Context, members, search *sql.Stmt, i int, today time.Time, at string) error {
	number, name, uscc := lookupMember(i)
	kind, level := "enterprise", "普通会员"
	if uscc == "" {
		kind, level = "individual", "会员"
	}
	status, until := "active", today.AddDate(0, 0, 31+i%300)
	switch i % 20 {
	case 1, 2, 3:
		status, until = "lapsed", today.AddDate(0, 0, -31-i%900)
	case 5:
		status, until = "expiring", today.AddDate(0, 0, i%30)
	case 7, 8:
		status, until = "approved", time.Time{}
	}
	var from, to any
	if !until.IsZero() {
		from, to = until.AddDate(-1, 0, 1).Format(time.DateOnly), until.Format(time.DateOnly)
	}
	id := fmt.Sprintf("bench%011d", i)
	if _, err := members.ExecContext(ctx, id, kind, name, fmt.Sprintf("m%07d@example.com", i), status, number,
		level, from, to, at, at); err != nil {
		return fmt.Errorf("member %d: %w", i, err)
	}
	if uscc == "" {
		return nil
	}
	if _, err := search.ExecContext(ctx, id, level, status, name, number, uscc, at, number, name,
		number); err != nil {
		return fmt.Errorf("member_search %d: %w", i, err)
	}
	return nil
}
