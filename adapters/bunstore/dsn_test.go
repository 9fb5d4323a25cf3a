package bunstore

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSQLiteDriverDSN(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "m.db")
	tests := []struct {
		name, dsn, driver string
		wantPrefix        string
		want              map[string][]string
	}{
		{"plain path, modernc", path, "sqlite", path + "?", map[string][]string{
			"_txlock": {"immediate"},
			"_pragma": {"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "mmap_size(268435456)"},
		}},
		{"sqlite: prefix", "sqlite:" + path, "sqlite", path + "?", map[string][]string{"_txlock": {"immediate"}}},
		{"file: URI keeps its settings", "file:" + path + "?_txlock=deferred&_pragma=busy_timeout(50)&cache=private",
			"sqlite", "file:" + path + "?", map[string][]string{
				"_txlock": {"deferred"}, "cache": {"private"},
				"_pragma": {"busy_timeout(50)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "mmap_size(268435456)"},
			}},
		{"cgo driver", path, "sqlite3", path + "?", map[string][]string{
			"_txlock": {"immediate"}, "_busy_timeout": {"10000"}, "_journal_mode": {"WAL"},
			"_foreign_keys": {"1"}, "_synchronous": {"NORMAL"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sqliteDriverDSN(tc.dsn, tc.driver)
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(got, tc.wantPrefix), got)
			q, err := url.ParseQuery(strings.TrimPrefix(got, tc.wantPrefix))
			require.NoError(t, err)
			for k, v := range tc.want {
				assert.ElementsMatch(t, v, q[k], k)
			}
		})
	}
	assert.DirExists(t, filepath.Join(dir, "sub"), "the database directory is created")
}

func TestSQLiteDriverDSNRejects(t *testing.T) {
	for _, dsn := range []string{":memory:", "sqlite::memory:", "file:x.db?mode=memory", "mysql://u:secret@h/db", "sqlite:"} {
		_, err := sqliteDriverDSN(dsn, "sqlite")
		require.Error(t, err, dsn)
		assert.NotContains(t, err.Error(), "secret", "passwords stay out of errors")
	}
}
