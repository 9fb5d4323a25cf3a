package webui_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// storedTables are the tables a request stores what it changes in (background
// bookkeeping — the outbox, handled events, leases, the mail queue — is left
// out: the relay changes it on its own time).
var storedTables = []string{"members", "applications", "staff", "sessions", "tokens", "login_failures",
	"sequences", "notifications", "payments", "statements", "statement_lines", "settings"}

// snapshot returns every row of the stored tables (and the uploaded files), to
// compare before and after requests that must store nothing.
func (f *fixture) snapshot(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	// The module's SQLite file, read directly (the web adapter's tests reach
	// no storage adapter).
	db, err := sql.Open(sqliteshim.ShimName, filepath.Join(f.env.DataDir, "membership.db"))
	require.NoError(t, err)
	defer func() { _ = db.Close() }()
	var b strings.Builder
	for _, table := range storedTables {
		query := "SELECT * FROM " + table + " ORDER BY 1"
		if table == "tokens" {
			// Email verification tokens are stored by the event handler that
			// mails the link, on the relay's own time (like the mail queue).
			query = "SELECT * FROM tokens WHERE purpose <> 'email_verification' ORDER BY 1"
		}
		rows, err := db.QueryContext(ctx, query)
		require.NoError(t, err, table)
		cols, err := rows.Columns()
		require.NoError(t, err)
		fmt.Fprintf(&b, "[%s] %v\n", table, cols)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v|", v)
			}
			b.WriteByte('\n')
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
	}
	(&appFixture{fixture: f}).filesInto(t, &b)
	return b.String()
}

// filesInto writes the names of the stored files.
func (f *appFixture) filesInto(t *testing.T, b *strings.Builder) {
	t.Helper()
	for _, p := range f.files(t) {
		fmt.Fprintf(b, "file %s\n", p)
	}
}
