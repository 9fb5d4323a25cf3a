package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/ports"
)

// The registry's answers are kept per query for as long as the registry's
// version (versionKey, raised in the transaction of every filing) stays the
// same: a list's total and the counts beside its filters, and a search box's
// matches in order. Every request reads the version first (one row by its
// key), so an answer is never served once any instance changed the registry;
// the page's rows are read anew each time.
const (
	// cacheAnswers is how many answers are kept (all are dropped when full).
	cacheAnswers = 256
	// cacheMatches is the most matches of a search kept in order; an answer
	// with more is not kept.
	cacheMatches = 20_000
	// cacheRows is how many members' rows of the list are kept (all are
	// dropped when full).
	cacheRows = 2_000
)

// directoryCache is the answers of one registry version.
type directoryCache struct {
	mu      sync.Mutex
	version int64
	answers map[string]*cachedAnswer
	rows    map[string]ports.MemberRow
}

// cachedAnswer is what a query's answer keeps besides its page. It is not
// changed once kept.
type cachedAnswer struct {
	total  int
	facets ports.MemberFacets // nil when not counted
	ids    []string           // a search's matches in order (nil for a list without one)
}

// uncached is the version of a read inside a transaction, which may see its
// own filings before they raise the version: nothing is kept or served.
const uncached = -1

// get returns the answer kept for key at version.
func (c *directoryCache) get(version int64, key string) (*cachedAnswer, bool) {
	if version == uncached {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	a, ok := c.answers[key]
	return a, ok
}

// put keeps the answer for key, read at version: a newer version drops the
// answers of the older one, an older one is not kept.
func (c *directoryCache) put(version int64, key string, a *cachedAnswer) {
	if version == uncached {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	c.renew(version)
	if len(c.answers) >= cacheAnswers {
		c.answers = map[string]*cachedAnswer{}
	}
	c.answers[key] = a
}

// renew drops what was kept of an older version (c.mu held).
func (c *directoryCache) renew(version int64) {
	if version > c.version || c.answers == nil {
		c.version, c.answers, c.rows = version, map[string]*cachedAnswer{}, map[string]ports.MemberRow{}
	}
}

// getRows returns the rows kept at version of the members with the ids, in
// their order, and the ids of those not kept.
func (c *directoryCache) getRows(version int64, ids []string) (rows []ports.MemberRow, missing []string) {
	if version == uncached {
		return nil, ids
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, ids
	}
	rows = make([]ports.MemberRow, 0, len(ids))
	for _, id := range ids {
		if r, ok := c.rows[id]; ok {
			rows = append(rows, r)
		} else {
			missing = append(missing, id)
		}
	}
	return rows, missing
}

// putRows keeps rows read at version.
func (c *directoryCache) putRows(version int64, rows []ports.MemberRow) {
	if version == uncached {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return
	}
	c.renew(version)
	if len(c.rows)+len(rows) > cacheRows {
		c.rows = map[string]ports.MemberRow{}
	}
	for _, r := range rows {
		c.rows[r.ID] = r
	}
}

// registryVersion reads the registry's version (0 before the first filing;
// uncached inside a transaction).
func (x *MemberDirectory) registryVersion(ctx context.Context) (int64, error) {
	if _, ok := x.db.conn(ctx).(bun.Tx); ok {
		return uncached, nil
	}
	rows, err := x.db.query(ctx, "registry_version", func() string {
		return "SELECT n FROM member_facet_counts WHERE by_facet = '' AND by_value = '' AND facet = '' AND value = ''"
	})
	if err != nil {
		return 0, fmt.Errorf("bunstore: registry version: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var v int64
	if rows.Next() {
		err = rows.Scan(&v)
	} else {
		err = rows.Err()
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("bunstore: registry version: %w", err)
	}
	return v, nil
}

// filterKey is the cache key of a filter.
func filterKey(f ports.MemberFilter) string {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	return strings.Join([]string{string(f.Kind), string(f.Level), string(f.Status), f.Province, f.Industry,
		string(f.FeeState), f.JoinedYear, day(f.ExpiresBefore), day(f.ExpiresAfter), strconv.Itoa(f.ExpiringWithin),
		day(f.Today), f.Search}, "\x00")
}
