package bunstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
)

// TestSQLiteFilesArePrivate: the database file, and the -wal and -shm files
// SQLite creates beside it, are readable by their owner only, whatever the
// umask lets through (022 would give 0644).
func TestSQLiteFilesArePrivate(t *testing.T) {
	forms := map[string]string{"path": "%s", "sqlite": "sqlite:%s", "file URI": "file:%s?cache=private"}
	for name, form := range forms {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "data", "membership.db")
			db, err := bunstore.Open(ctx, fmt.Sprintf(form, path))
			require.NoError(t, err)
			t.Cleanup(func() { _ = db.Close() })
			require.NoError(t, db.Migrate(ctx))
			_, err = db.SQL().ExecContext(ctx, "CREATE TABLE file_mode_probe (x INTEGER)")
			require.NoError(t, err, "a write, so that the -wal file exists")
			for _, name := range []string{path, path + "-wal", path + "-shm"} {
				fi, err := os.Stat(name)
				require.NoError(t, err, name)
				assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), filepath.Base(name))
			}
		})
	}
}

// TestSQLiteKeepsAnExistingFilesMode: the operator's own file is not changed.
func TestSQLiteKeepsAnExistingFilesMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "membership.db")
	require.NoError(t, os.WriteFile(path, nil, 0o640))
	require.NoError(t, os.Chmod(path, 0o640))
	db, err := bunstore.Open(context.Background(), path)
	require.NoError(t, err)
	require.NoError(t, db.Close())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm())
}
