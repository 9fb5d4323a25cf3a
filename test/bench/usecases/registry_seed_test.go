package usecases_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/test/bench/benchseed"
)

// seedCacheVar names the environment variable that keeps the seeded registry
// between runs: a folder where the database is saved after seeding (one file
// per size and day) and copied from in later runs, which then skip the seeding.
const seedCacheVar = "MEMBERSHIP_BENCH_SEED_CACHE"

// seededEnv is a module over a registry of n members (seedRegistry), taken
// from the seed cache when seedCacheVar names one that has it.
func seededEnv(b *testing.B, n int, today time.Time) *membershiptest.Env {
	b.Helper()
	cache := os.Getenv(seedCacheVar)
	if cache == "" {
		env := membershiptest.New(b)
		seedRegistry(b, env.DataDir, n, today, "", env.Config.Timezone)
		return env
	}
	saved := filepath.Join(cache, fmt.Sprintf("registry-%d-%s.db", n, today.Format("20060102")))
	if _, err := os.Stat(saved); err == nil {
		copied := filepath.Join(b.TempDir(), "membership.db")
		if err := copyFile(saved, copied); err != nil {
			b.Fatal(err)
		}
		return membershiptest.New(b, membershiptest.WithDatabase("sqlite:"+copied))
	}
	if err := os.MkdirAll(cache, 0o750); err != nil {
		b.Fatal(err)
	}
	env := membershiptest.New(b)
	seedRegistry(b, env.DataDir, n, today, saved, env.Config.Timezone)
	return env
}

// copyFile copies the file from to the new file to.
func copyFile(from, to string) error {
	data, err := os.ReadFile(from) // #nosec G304 -- the benchmark's own cache
	if err != nil {
		return fmt.Errorf("read seed: %w", err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		return fmt.Errorf("copy seed: %w", err)
	}
	return nil
}

// seedRegistry writes n members straight into the module's SQLite file
// (benchseed.Registry, filed in the module's time zone). A save path other
// than "" receives a copy of the seeded database.
func seedRegistry(b *testing.B, dataDir string, n int, today time.Time, save, timezone string) {
	b.Helper()
	took, err := benchseed.Registry(context.Background(), filepath.Join(dataDir, "membership.db"), n, today, timezone, save)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d members in %v", n, took.Round(time.Millisecond))
}
