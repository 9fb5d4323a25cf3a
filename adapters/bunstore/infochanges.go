package bunstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// infoChangeRow is one 信息变更 request (member_info_changes, migration 0025).
type infoChangeRow struct {
	bun.BaseModel `bun:"table:member_info_changes"`

	ID          string    `bun:"id,pk"`
	MemberID    string    `bun:"member_id"`
	Kind        string    `bun:"kind"`
	MemberName  string    `bun:"member_name"`
	Number      string    `bun:"number"`
	Status      string    `bun:"status"`
	Name        string    `bun:"name"`
	Data        string    `bun:"data"`
	ProofKey    string    `bun:"proof_key"`
	ProofName   string    `bun:"proof_name"`
	ProofFormat string    `bun:"proof_format"`
	ProofSize   int64     `bun:"proof_size"`
	Reason      string    `bun:"reason"`
	CreatedAt   time.Time `bun:"created_at"`
	DecidedAt   time.Time `bun:"decided_at,nullzero"`
	DecidedBy   string    `bun:"decided_by"`
}

// infoChangeData is the data column: the forms and the profiles compared.
type infoChangeData struct {
	Enterprise *application.EnterpriseForm `json:"enterprise,omitempty"`
	Individual *application.IndividualForm `json:"individual,omitempty"`
	Before     map[string]string           `json:"before"`
	After      map[string]string           `json:"after"`
}

var infoChangePendingKey = uniqueKey{"member_info_changes_pending_unique", "member_info_changes.member_id",
	infochange.PendingError}

func infoChangeToRow(r infochange.Request) (infoChangeRow, error) {
	data, err := json.Marshal(infoChangeData{Enterprise: r.Enterprise, Individual: r.Individual, Before: r.Before,
		After: r.After})
	if err != nil {
		return infoChangeRow{}, fmt.Errorf("bunstore: encode info change: %w", err)
	}
	return infoChangeRow{ID: r.ID, MemberID: r.MemberID, Kind: string(r.Kind), MemberName: r.MemberName,
		Number: r.Number, Status: string(r.Status), Name: r.Name, Data: string(data), ProofKey: r.Proof.Key,
		ProofName: r.Proof.Name, ProofFormat: r.Proof.Format, ProofSize: r.Proof.Size, Reason: r.Reason,
		CreatedAt: storedTime(r.CreatedAt), DecidedAt: storedTime(r.DecidedAt), DecidedBy: r.DecidedBy}, nil
}

func (row infoChangeRow) request() (infochange.Request, error) {
	var d infoChangeData
	if err := json.Unmarshal([]byte(row.Data), &d); err != nil {
		return infochange.Request{}, fmt.Errorf("bunstore: decode info change %s: %w", row.ID, err)
	}
	return infochange.Request{ID: row.ID, MemberID: row.MemberID, Kind: member.Kind(row.Kind),
		MemberName: row.MemberName, Number: row.Number, Status: infochange.Status(row.Status), Name: row.Name,
		Enterprise: d.Enterprise, Individual: d.Individual, Before: d.Before, After: d.After,
		Proof:  infochange.Proof{Key: row.ProofKey, Name: row.ProofName, Format: row.ProofFormat, Size: row.ProofSize},
		Reason: row.Reason, CreatedAt: loadedTime(row.CreatedAt), DecidedAt: loadedTime(row.DecidedAt),
		DecidedBy: row.DecidedBy}, nil
}

func infoChangeRequests(rows []infoChangeRow) ([]infochange.Request, error) {
	out := make([]infochange.Request, len(rows))
	for i, row := range rows {
		var err error
		if out[i], err = row.request(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InfoChanges stores members' 信息变更 requests; it implements
// ports.InfoChangeRepository.
type InfoChanges struct{ db *DB }

var _ ports.InfoChangeRepository = (*InfoChanges)(nil)

// NewInfoChanges returns the 信息变更 repository of db.
func NewInfoChanges(db *DB) *InfoChanges { return &InfoChanges{db: db} }

// AddInfoChange stores a new request; the partial unique index refuses a
// second pending one of the member.
func (x *InfoChanges) AddInfoChange(ctx context.Context, r infochange.Request) error {
	row, err := infoChangeToRow(r)
	if err != nil {
		return err
	}
	if _, err := x.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		if mapped := mapUnique(err, infoChangePendingKey); mapped != err { //nolint:errorlint // identity: was it mapped
			return mapped
		}
		return fmt.Errorf("bunstore: add info change: %w", err)
	}
	return nil
}

// GetInfoChange loads a request by id.
func (x *InfoChanges) GetInfoChange(ctx context.Context, id string) (infochange.Request, error) {
	var row infoChangeRow
	if err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return infochange.Request{}, notFound(err, infochange.ErrNotFound, "信息变更申请不存在")
	}
	return row.request()
}

// SaveInfoChange stores a decided request's status, reason, decider and time.
func (x *InfoChanges) SaveInfoChange(ctx context.Context, r infochange.Request) error {
	res, err := x.db.conn(ctx).NewUpdate().Model((*infoChangeRow)(nil)).
		Set("status = ?", string(r.Status)).Set("reason = ?", r.Reason).
		Set("decided_at = ?", storedTime(r.DecidedAt)).Set("decided_by = ?", r.DecidedBy).
		Where("id = ?", r.ID).Where("member_id = ?", r.MemberID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save info change: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return infochange.NotFoundError()
	}
	return nil
}

// MemberInfoChanges returns a member's requests, newest first.
func (x *InfoChanges) MemberInfoChanges(ctx context.Context, memberID string,
	limit int) ([]infochange.Request, error) {
	var rows []infoChangeRow
	q := x.db.conn(ctx).NewSelect().Model(&rows).Where("member_id = ?", memberID).
		OrderExpr("created_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("bunstore: list member info changes: %w", err)
	}
	return infoChangeRequests(rows)
}

// PendingInfoChange returns the member's pending request.
func (x *InfoChanges) PendingInfoChange(ctx context.Context, memberID string) (infochange.Request, bool, error) {
	var rows []infoChangeRow
	err := x.db.conn(ctx).NewSelect().Model(&rows).Where("member_id = ?", memberID).
		Where("status = ?", string(infochange.Pending)).Limit(1).Scan(ctx)
	if err != nil {
		return infochange.Request{}, false, fmt.Errorf("bunstore: pending info change: %w", err)
	}
	if len(rows) == 0 {
		return infochange.Request{}, false, nil
	}
	r, err := rows[0].request()
	return r, err == nil, err
}

// InfoChangeQueue returns one page of the queue (an index range of its
// status) and the counts per status (one GROUP BY over the status index).
func (x *InfoChanges) InfoChangeQueue(ctx context.Context, q ports.InfoChangeQuery) (ports.InfoChangePage, error) {
	conn := x.db.conn(ctx)
	// A prepared statement: the back office's menu asks the counts on every page.
	sqlRows, err := x.db.query(ctx, "info_changes_by_status", func() string {
		return "SELECT status, count(*) AS n FROM member_info_changes GROUP BY status"
	})
	if err != nil {
		return ports.InfoChangePage{}, fmt.Errorf("bunstore: count info changes: %w", err)
	}
	counts, err := statusCounts(sqlRows)
	if err != nil {
		return ports.InfoChangePage{}, fmt.Errorf("bunstore: count info changes: %w", err)
	}
	p := ports.InfoChangePage{Counts: map[infochange.Status]int{}}
	for s, n := range counts {
		p.Counts[infochange.Status(s)] = n
	}
	p.Total = p.Counts[q.Status]
	if q.Limit <= 0 {
		return p, nil
	}
	order := "decided_at DESC, id DESC"
	if q.Status == infochange.Pending {
		order = "created_at, id"
	}
	var rows []infoChangeRow
	if err := conn.NewSelect().Model(&rows).Where("status = ?", string(q.Status)).OrderExpr(order).
		Limit(q.Limit).Offset(max(q.Offset, 0)).Scan(ctx); err != nil {
		return ports.InfoChangePage{}, fmt.Errorf("bunstore: info change queue: %w", err)
	}
	p.Rows, err = infoChangeRequests(rows)
	return p, err
}
