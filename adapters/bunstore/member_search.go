package bunstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/memberindex"
)

// searchRow is a member's row of member_search: how the registry files it
// (memberindex.Entry), kept in the member's transaction.
type searchRow struct {
	bun.BaseModel `bun:"table:member_search,alias:s"`

	Seq          int64     `bun:"seq,scanonly"` // SQLite only: the full-text index's rowid
	MemberID     string    `bun:"member_id"`
	SearchKey    string    `bun:"search_key"`
	Kind         string    `bun:"kind"`
	Level        string    `bun:"level"`
	Status       string    `bun:"status"`
	FeeState     string    `bun:"fee_state"`
	Province     string    `bun:"province"`
	Industry     string    `bun:"industry"`
	JoinedYear   string    `bun:"joined_year"`
	JoinedOn     dateCol   `bun:"joined_on"`
	ValidUntil   dateCol   `bun:"valid_until"`
	Number       string    `bun:"number"`
	Name         string    `bun:"name"`
	Email        string    `bun:"email"`
	USCC         string    `bun:"uscc"`
	ContactName  string    `bun:"contact_name"`
	ContactPhone string    `bun:"contact_phone"`
	CreatedAt    time.Time `bun:"created_at"`
	NumberKey    string    `bun:"number_key"`
	NameKey      string    `bun:"name_key"`
	JoinedKey    string    `bun:"joined_key"`
	ValidityKey  string    `bun:"validity_key"`
	Terms        string    `bun:"terms"`
	FacetKey     string    `bun:"facet_key"`
}

// termSep separates the terms in the terms column.
const termSep = "\x1f"

// searchKey is what a row was built with: the entry version and the time zone.
func (db *DB) searchKey() string { return fmt.Sprintf("%d/%s", memberindex.Version, db.timeZone()) }

// timeZone is the association's time zone (UTC unless SetTimeZone set one).
func (db *DB) timeZone() *time.Location {
	if db.loc == nil {
		return time.UTC
	}
	return db.loc
}

// SetTimeZone sets the association's time zone, in which the registry files the
// day a member joined (its application's approval). Set it before the stores
// are used; Migrate files again the members filed in another zone.
func (db *DB) SetTimeZone(loc *time.Location) { db.loc = loc }

func (db *DB) newSearchRow(e memberindex.Entry) *searchRow {
	r := &searchRow{MemberID: e.ID, SearchKey: db.searchKey(), Kind: string(e.Kind), Level: string(e.Level),
		Status: string(e.Status), FeeState: string(e.FeeState), Province: e.Province, Industry: e.Industry,
		JoinedYear: e.JoinedYear, JoinedOn: newDateCol(e.JoinedOn), ValidUntil: newDateCol(e.ValidUntil),
		Number: e.Number, Name: e.Name, Email: e.Email, USCC: e.USCC, ContactName: e.ContactName,
		ContactPhone: e.ContactPhone, CreatedAt: storedTime(e.CreatedAt), NumberKey: e.NumberKey,
		NameKey: e.NameKey, JoinedKey: e.JoinedKey, ValidityKey: e.ValidityKey,
		Terms: strings.Join(e.Terms, termSep)}
	r.FacetKey = facetKey(r.facetValues(), r.ValidUntil)
	return r
}

// facetKey packs the counted values and the last day of validity into one
// column, which the indexes of the filters carry: counting the members of a
// filter reads them from an index, without the rows.
func facetKey(v facetValues, validUntil dateCol) string {
	day := ""
	if !validUntil.t.IsZero() {
		day = validUntil.t.Format(time.DateOnly)
	}
	return strings.Join(append(v[:], day), termSep)
}

// parseFacetKey unpacks a facet key.
func parseFacetKey(key string) (facetValues, dateCol, error) {
	var v facetValues
	parts := strings.Split(key, termSep)
	if len(parts) != len(v)+1 {
		return v, dateCol{}, fmt.Errorf("bunstore: bad facet key %q", key)
	}
	copy(v[:], parts)
	var day dateCol
	if parts[len(v)] != "" {
		if err := day.parse(parts[len(v)]); err != nil {
			return v, dateCol{}, err
		}
	}
	return v, day, nil
}

// validityDay is the row's last day of validity as counted ("" for none).
func (r *searchRow) validityDay() string {
	if r.ValidUntil.t.IsZero() {
		return ""
	}
	return r.ValidUntil.t.Format(time.DateOnly)
}

// facetValues are the row's values of the counted facets.
func (r *searchRow) facetValues() facetValues {
	return facetValues{r.Kind, r.Level, r.Status, r.FeeState, r.Province, r.Industry, r.JoinedYear}
}

// fileMember files a member in the registry inside tx: its row, its terms in
// the full-text index and the change of the facet counts. The member's open
// claim is read in tx, where the update that may have opened or closed it
// runs.
func (db *DB) fileMember(ctx context.Context, tx bun.IDB, s member.Snapshot) error {
	open, err := tx.NewSelect().TableExpr("payments").Where("member_id = ?", s.ID).
		Where("status = ?", string(payment.StatusOpen)).
		Where("method IN (?, ?)", string(payment.MethodTransfer), string(payment.MethodVoucher)).Exists(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: file member: open claim: %w", err)
	}
	row := db.newSearchRow(memberindex.New(s, open, db.timeZone()))
	old := new(searchRow)
	cols := []string{"kind", "level", "status", "fee_state", "province", "industry", "joined_year", "valid_until", "terms"}
	if !db.postgres {
		cols = append(cols, "seq")
	}
	err = tx.NewSelect().Model(old).Column(cols...).Where("member_id = ?", s.ID).Scan(ctx)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("bunstore: file member: %w", err)
	}
	if err := db.putSearchRow(ctx, tx, row, old, exists); err != nil {
		return err
	}
	d := deltasOf(ctx)
	if exists {
		d.add(old.facetValues(), old.validityDay(), -1)
	}
	d.add(row.facetValues(), row.validityDay(), 1)
	if d.direct {
		return d.apply(ctx, tx)
	}
	return nil
}

// putSearchRow inserts or updates the row and, on SQLite, its terms in the
// full-text index (when they changed).
func (db *DB) putSearchRow(ctx context.Context, tx bun.IDB, row, old *searchRow, exists bool) error {
	q := tx.NewInsert().Model(row).On("CONFLICT (member_id) DO UPDATE")
	for _, c := range searchColumns {
		q = q.Set(c + " = EXCLUDED." + c)
	}
	if db.postgres {
		_, err := q.Value("tokens", "?::tsvector", tsvector(row.Terms)).Set("tokens = EXCLUDED.tokens").Exec(ctx)
		if err != nil {
			return fmt.Errorf("bunstore: file member: %w", err)
		}
		return nil
	}
	if _, err := q.Returning("seq").Exec(ctx, &row.Seq); err != nil {
		return fmt.Errorf("bunstore: file member: %w", err)
	}
	if exists && old.Terms == row.Terms {
		return nil
	}
	tokens := strings.Join(memberindex.Tokens(strings.Split(row.Terms, termSep)), " ")
	if _, err := tx.NewRaw("INSERT OR REPLACE INTO member_search_fts (rowid, tokens) VALUES (?, ?)",
		row.Seq, tokens).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: index member terms: %w", err)
	}
	return nil
}

// searchColumns are the columns an update of a member's row sets.
var searchColumns = []string{"search_key", "kind", "level", "status", "fee_state", "province", "industry",
	"joined_year", "joined_on", "valid_until", "number", "name", "email", "uscc", "contact_name", "contact_phone",
	"created_at", "number_key", "name_key", "joined_key", "validity_key", "terms", "facet_key"}

// tsvector is the PostgreSQL tsvector literal of terms: each token with its
// position, so that phrase queries (<->) find substrings.
func tsvector(terms string) string {
	var b strings.Builder
	for i, t := range memberindex.Tokens(strings.Split(terms, termSep)) {
		if i >= 16383 { // PostgreSQL's largest position
			break
		}
		fmt.Fprintf(&b, "'%s':%d ", t, i+1)
	}
	return b.String()
}
