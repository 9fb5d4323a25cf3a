package bunstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/memberindex"
)

// saveApplications inserts the applications of new members.
func saveApplications(ctx context.Context, tx bun.IDB, snaps []member.Snapshot) error {
	var rows []*applicationRow
	for _, s := range snaps {
		row, ok, err := applicationToRow(s)
		if err != nil {
			return err
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: save applications: %w", err)
	}
	return nil
}

// fileNewMembers files members just inserted (who have no payments yet) in
// the registry, their count changes going to counts.
func (db *DB) fileNewMembers(ctx context.Context, tx bun.IDB, snaps []member.Snapshot, counts *deltas) error {
	rows := make([]*searchRow, len(snaps))
	for i, s := range snaps {
		rows[i] = db.newSearchRow(memberindex.New(s, false, db.timeZone()))
		counts.add(rows[i].facetValues(), rows[i].validityDay(), 1)
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: file members: %w", err)
	}
	return db.indexTerms(ctx, tx, rows)
}

// indexTerms writes the full-text tokens of rows already stored: the rows of
// member_search_fts on SQLite, the tokens column on PostgreSQL.
func (db *DB) indexTerms(ctx context.Context, tx bun.IDB, rows []*searchRow) error {
	if len(rows) == 0 {
		return nil
	}
	var (
		b    strings.Builder
		args []any
	)
	tokens := func(r *searchRow) string {
		return strings.Join(memberindex.Tokens(strings.Split(r.Terms, termSep)), " ")
	}
	if db.postgres {
		b.WriteString("UPDATE member_search AS s SET tokens = v.t::tsvector FROM (VALUES ")
		for i, r := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, r.MemberID, tsvector(r.Terms))
		}
		b.WriteString(") AS v (id, t) WHERE s.member_id = v.id")
	} else {
		seqs, err := seqsOf(ctx, tx, rows)
		if err != nil {
			return err
		}
		b.WriteString("INSERT OR REPLACE INTO member_search_fts (rowid, tokens) VALUES ")
		for i, r := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, seqs[r.MemberID], tokens(r))
		}
	}
	if _, err := tx.NewRaw(b.String(), args...).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: index member terms: %w", err)
	}
	return nil
}

// seqsOf returns the full-text rowids of stored rows (SQLite).
func seqsOf(ctx context.Context, tx bun.IDB, rows []*searchRow) (map[string]int64, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.MemberID
	}
	var got []searchRow
	if err := tx.NewSelect().Model(&got).Column("seq", "member_id").Where("member_id IN (?)", bun.List(ids)).
		Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: file members: %w", err)
	}
	out := make(map[string]int64, len(got))
	for _, r := range got {
		out[r.MemberID] = r.Seq
	}
	return out, nil
}
