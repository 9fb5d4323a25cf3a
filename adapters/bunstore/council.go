package bunstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/ports"
)

// councilFormRow is one council form (council_forms, migration 0027).
type councilFormRow struct {
	bun.BaseModel `bun:"table:council_forms"`

	ID           string    `bun:"id,pk"`
	MemberID     string    `bun:"member_id"`
	Kind         string    `bun:"kind"`
	Status       string    `bun:"status"`
	Fields       string    `bun:"fields"`
	Rows         string    `bun:"rows_json"`
	ReturnReason string    `bun:"return_reason"`
	SubmittedAt  time.Time `bun:"submitted_at,nullzero"`
	ReviewedAt   time.Time `bun:"reviewed_at,nullzero"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
}

func (r councilFormRow) form() (council.Form, error) {
	f := council.Form{ID: r.ID, MemberID: r.MemberID, Kind: council.Kind(r.Kind), Status: council.Status(r.Status),
		ReturnReason: r.ReturnReason, SubmittedAt: loadedTime(r.SubmittedAt), ReviewedAt: loadedTime(r.ReviewedAt),
		CreatedAt: loadedTime(r.CreatedAt), UpdatedAt: loadedTime(r.UpdatedAt)}
	if err := json.Unmarshal([]byte(r.Fields), &f.Values); err != nil {
		return f, fmt.Errorf("bunstore: council form %s fields: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Rows), &f.Rows); err != nil {
		return f, fmt.Errorf("bunstore: council form %s rows: %w", r.ID, err)
	}
	return f, nil
}

func councilRowOf(f council.Form) (councilFormRow, error) {
	values := f.Values
	if values == nil {
		values = map[string]string{}
	}
	fields, err := json.Marshal(values)
	if err != nil {
		return councilFormRow{}, fmt.Errorf("bunstore: council form fields: %w", err)
	}
	rows := f.Rows
	if rows == nil {
		rows = []council.Row{}
	}
	rowsJSON, err := json.Marshal(rows)
	if err != nil {
		return councilFormRow{}, fmt.Errorf("bunstore: council form rows: %w", err)
	}
	return councilFormRow{ID: f.ID, MemberID: f.MemberID, Kind: string(f.Kind), Status: string(f.Status),
		Fields: string(fields), Rows: string(rowsJSON), ReturnReason: f.ReturnReason,
		SubmittedAt: storedTime(f.SubmittedAt), ReviewedAt: storedTime(f.ReviewedAt),
		CreatedAt: storedTime(f.CreatedAt), UpdatedAt: storedTime(f.UpdatedAt)}, nil
}

// councilContactRow is a member's council contact (council_contacts).
type councilContactRow struct {
	bun.BaseModel `bun:"table:council_contacts"`

	MemberID  string    `bun:"member_id,pk"`
	Name      string    `bun:"name"`
	Title     string    `bun:"title"`
	Phone     string    `bun:"phone"`
	Email     string    `bun:"email"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// Council stores 完善理事资料; it implements ports.CouncilRepository.
type Council struct{ db *DB }

var _ ports.CouncilRepository = (*Council)(nil)

// NewCouncil returns the council repository of db.
func NewCouncil(db *DB) *Council { return &Council{db: db} }

func formsOf(rows []councilFormRow) ([]council.Form, error) {
	out := make([]council.Form, len(rows))
	for i, r := range rows {
		f, err := r.form()
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// MemberForms returns a member's forms, recommend before appointment.
func (x *Council) MemberForms(ctx context.Context, memberID string) ([]council.Form, error) {
	// A prepared statement: the member detail in 会员管理 asks it on every view.
	q := x.db.bun.NewSelect().Model((*councilFormRow)(nil)).Where("member_id = ?", bun.Safe("?")).
		OrderExpr("CASE WHEN kind = ? THEN 0 ELSE 1 END, kind", string(council.Recommend))
	sqlRows, err := x.db.query(ctx, "council_forms_of_member", q.String, memberID)
	if err != nil {
		return nil, fmt.Errorf("bunstore: member council forms: %w", err)
	}
	var rows []councilFormRow
	if err := x.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, fmt.Errorf("bunstore: member council forms: %w", err)
	}
	return formsOf(rows)
}

// GetForm loads a form by identity.
func (x *Council) GetForm(ctx context.Context, id string) (council.Form, error) {
	var row councilFormRow
	if err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return council.Form{}, council.NotFoundError()
		}
		return council.Form{}, fmt.Errorf("bunstore: council form: %w", err)
	}
	return row.form()
}

// PutForm inserts a form or replaces the member's one of its ID.
func (x *Council) PutForm(ctx context.Context, f council.Form) error {
	row, err := councilRowOf(f)
	if err != nil {
		return err
	}
	res, err := x.db.conn(ctx).NewUpdate().Model(&row).WherePK().Where("member_id = ?", f.MemberID).
		ExcludeColumn("created_at", "member_id", "kind").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save council form: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	if _, err := x.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: add council form: %w", err)
	}
	return nil
}

// queueSelect is the queue's selection of f.Status.
func queueSelect(q *bun.SelectQuery, st council.Status) *bun.SelectQuery {
	if st == "" {
		return q.Where("status IN (?)", bun.List([]string{string(council.Submitted), string(council.Returned),
			string(council.Accepted)}))
	}
	return q.Where("status = ?", string(st))
}

// ListForms returns a page of the staff's queue, most recently submitted first.
func (x *Council) ListForms(ctx context.Context, f ports.CouncilFilter) ([]council.Form, int, error) {
	var rows []councilFormRow
	q := queueSelect(x.db.conn(ctx).NewSelect().Model(&rows), f.Status).
		OrderExpr("submitted_at DESC, updated_at DESC, id DESC").Offset(max(f.Offset, 0))
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, 0, fmt.Errorf("bunstore: list council forms: %w", err)
	}
	total, err := queueSelect(x.db.conn(ctx).NewSelect().Model((*councilFormRow)(nil)), f.Status).Count(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: count council forms: %w", err)
	}
	forms, err := formsOf(rows)
	return forms, total, err
}

// CountForms counts the forms by status (one GROUP BY).
func (x *Council) CountForms(ctx context.Context) (map[council.Status]int, error) {
	// A prepared statement: the back office's menu asks it on every page.
	rows, err := x.db.query(ctx, "council_forms_by_status", func() string {
		return "SELECT status, COUNT(*) AS n FROM council_forms GROUP BY status"
	})
	if err != nil {
		return nil, fmt.Errorf("bunstore: count council forms: %w", err)
	}
	counts, err := statusCounts(rows)
	if err != nil {
		return nil, fmt.Errorf("bunstore: count council forms: %w", err)
	}
	out := map[council.Status]int{}
	for s, n := range counts {
		out[council.Status(s)] = n
	}
	return out, nil
}

// GetContact loads a member's 联系人信息.
func (x *Council) GetContact(ctx context.Context, memberID string) (council.Contact, bool, error) {
	var row councilContactRow
	err := x.db.conn(ctx).NewSelect().Model(&row).Where("member_id = ?", memberID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return council.Contact{}, false, nil
	}
	if err != nil {
		return council.Contact{}, false, fmt.Errorf("bunstore: council contact: %w", err)
	}
	return council.Contact{MemberID: row.MemberID, Name: row.Name, Title: row.Title, Phone: row.Phone,
		Email: row.Email, UpdatedAt: loadedTime(row.UpdatedAt)}, true, nil
}

// PutContact stores a member's 联系人信息 (insert or replace).
func (x *Council) PutContact(ctx context.Context, c council.Contact) error {
	row := councilContactRow{MemberID: c.MemberID, Name: c.Name, Title: c.Title, Phone: c.Phone, Email: c.Email,
		UpdatedAt: storedTime(c.UpdatedAt)}
	_, err := x.db.conn(ctx).NewInsert().Model(&row).
		On("CONFLICT (member_id) DO UPDATE").
		Set("name = EXCLUDED.name, title = EXCLUDED.title, phone = EXCLUDED.phone, email = EXCLUDED.email").
		Set("updated_at = EXCLUDED.updated_at").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save council contact: %w", err)
	}
	return nil
}
