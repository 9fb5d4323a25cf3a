package bunstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"
)

// The bulk work of 导入老会员 (matching a chunk of rows against the members,
// inserting it) reads SQLite pages without the memory map the DSN sets up
// (PRAGMA mmap_size, dsn.go). Measured with BenchmarkLegacyImport (100 000
// rows from XLSX, the import alone in a child process): with the map, the
// pages of the growing database that the inserts and the index lookups touch
// stay mapped — and counted in the process's resident set — on each of the
// pool's connections: peak RSS 367 MB, of which 234 MB file-backed (195 MB
// the database's mappings), over the 300 MB target. Without the map on the
// import's statements those pages are read with pread and stay in the OS page
// cache, outside the process: peak RSS 178 MB (144 MB anonymous, 35 MB
// file-backed: the binary; the database's mappings 0.6 MB). A smaller map
// for every connection was not taken: the registry's list reads its indexes
// through the map (dsn.go), and the pragma is per connection, so only the
// import's statements go without it — the map is switched off on the
// connection they run on (which also drops what it had mapped) and back on
// before the connection returns to the pool, where it maps again, lazily,
// only the pages later reads touch. An export's keyset walk over the
// registry (MemberDirectory.Search with After) reads the same way: the whole
// member_search table would otherwise stay mapped, 124 MB of the export's
// peak RSS at 100 000 members (BenchmarkMemberExport); so does the
// start-up's refile scan (member_search_refile.go), which reads every member
// once. Reading through pread costs the import little: an earlier trial at
// 20 000 rows with the map off for the whole database found the commit as
// fast; the runs above, on the shared 2-core machine under other load, varied
// more than that (commit/raw 2.5 with the map, 3.1–3.8 without, at load
// averages 3–20).

// unmapped runs fn with the SQLite memory map off on conn (a transaction or a
// pinned connection), then restores its size. On PostgreSQL fn simply runs.
func (db *DB) unmapped(ctx context.Context, conn bun.IDB, fn func() error) error {
	if db.postgres {
		return fn()
	}
	var size int64
	if err := conn.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&size); err != nil {
		return fmt.Errorf("bunstore: read mmap_size: %w", err)
	}
	if size <= 0 {
		return fn()
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA mmap_size=0"); err != nil {
		return fmt.Errorf("bunstore: unmap: %w", err)
	}
	err := fn()
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA mmap_size=%d", size)); rerr != nil {
		err = errors.Join(err, fmt.Errorf("bunstore: restore mmap_size: %w", rerr))
	}
	return err
}

// unmappedRead runs fn with the memory map off: on the transaction in ctx,
// or on a connection taken from the pool for it, which the ctx fn is given
// carries (conn reads on it).
func (db *DB) unmappedRead(ctx context.Context, fn func(ctx context.Context, conn bun.IDB) error) error {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok || db.postgres {
		if !ok {
			return fn(ctx, db.bun)
		}
		return db.unmapped(ctx, tx, func() error { return fn(ctx, tx) })
	}
	conn, err := db.bun.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: take a connection: %w", err)
	}
	defer func() { _ = conn.Close() }()
	return db.unmapped(ctx, conn, func() error { return fn(withConn(ctx, conn), conn) })
}
