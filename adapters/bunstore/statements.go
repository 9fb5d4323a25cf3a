package bunstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

type statementRow struct {
	bun.BaseModel `bun:"table:statements"`

	ID         string    `bun:"id,pk"`
	FileName   string    `bun:"file_name"`
	Format     string    `bun:"format"`
	StaffID    string    `bun:"staff_id"`
	UploadedAt time.Time `bun:"uploaded_at"`
	Lines      int       `bun:"lines"`
	NewLines   int       `bun:"new_lines"`
}

func (r *statementRow) statement() payment.Statement {
	return payment.Statement{ID: r.ID, FileName: r.FileName, Format: r.Format, StaffID: r.StaffID,
		UploadedAt: loadedTime(r.UploadedAt), Lines: r.Lines, NewLines: r.NewLines}
}

type statementLineRow struct {
	bun.BaseModel `bun:"table:statement_lines"`

	ID          string    `bun:"id,pk"`
	StatementID string    `bun:"statement_id"`
	Key         string    `bun:"line_key"`
	Row         int       `bun:"row_no"`
	Date        dateCol   `bun:"tx_date"`
	AmountFen   int64     `bun:"amount_fen"`
	PayerName   string    `bun:"payer_name"`
	Remark      string    `bun:"remark"`
	BankRef     string    `bun:"bank_ref"`
	Status      string    `bun:"status"`
	MatchKind   string    `bun:"match_kind"`
	MemberID    string    `bun:"member_id,nullzero"`
	Candidates  string    `bun:"candidates"`
	Message     string    `bun:"message"`
	PaymentID   string    `bun:"payment_id,nullzero"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

func lineToRow(l payment.StoredLine) *statementLineRow {
	return &statementLineRow{ID: l.ID, StatementID: l.StatementID, Key: l.Key, Row: l.Row, Date: newDateCol(l.Date),
		AmountFen: l.AmountFen, PayerName: l.PayerName, Remark: l.Remark, BankRef: l.BankRef, Status: string(l.Status),
		MatchKind: string(l.Match.Kind), MemberID: l.Match.MemberID, Candidates: strings.Join(l.Match.Candidates, ","),
		Message: l.Match.Message, PaymentID: l.PaymentID, UpdatedAt: storedTime(l.UpdatedAt)}
}

func (r *statementLineRow) line() payment.StoredLine {
	var cands []string
	if r.Candidates != "" {
		cands = strings.Split(r.Candidates, ",")
	}
	return payment.StoredLine{ID: r.ID, StatementID: r.StatementID, Key: r.Key,
		Line: payment.Line{Row: r.Row, Date: r.Date.t, AmountFen: r.AmountFen, PayerName: r.PayerName,
			Remark: r.Remark, BankRef: r.BankRef},
		Status: payment.LineStatus(r.Status),
		Match: payment.Proposal{Kind: payment.MatchKind(r.MatchKind), MemberID: r.MemberID, Candidates: cands,
			Message: r.Message},
		PaymentID: r.PaymentID, UpdatedAt: loadedTime(r.UpdatedAt)}
}

// StatementRepository stores bank statements; it implements
// ports.StatementRepository.
type StatementRepository struct{ db *DB }

var _ ports.StatementRepository = (*StatementRepository)(nil)

// NewStatementRepository returns a statement repository.
func NewStatementRepository(db *DB) *StatementRepository { return &StatementRepository{db: db} }

const (
	codeStatementNotFound = "statement_not_found"
	msgStatementNotFound  = "对账单不存在"
	codeLineNotFound      = "statement_line_not_found"
	msgLineNotFound       = "对账单流水不存在"
)

// Add stores the statement and its new lines in one transaction (the one in
// ctx when there is one: the import and its audit entry commit together);
// lines whose key is stored already, or held by an earlier line of lines, are
// skipped and their IDs returned.
func (r *StatementRepository) Add(ctx context.Context, s payment.Statement, lines []payment.StoredLine) ([]string, error) {
	var skipped []string
	err := r.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		skipped = skipped[:0]
		keys := make([]string, len(lines))
		for i, l := range lines {
			keys[i] = l.Key
		}
		have := map[string]bool{}
		for _, chunk := range chunks(keys, 500) {
			var found []string
			if err := tx.NewSelect().TableExpr("statement_lines").Column("line_key").
				Where("line_key IN (?)", bun.List(chunk)).Scan(ctx, &found); err != nil {
				return fmt.Errorf("bunstore: look up statement lines: %w", err)
			}
			for _, k := range found {
				have[k] = true
			}
		}
		rows := make([]*statementLineRow, 0, len(lines))
		for _, l := range lines {
			if have[l.Key] {
				skipped = append(skipped, l.ID)
				continue
			}
			have[l.Key] = true
			rows = append(rows, lineToRow(l))
		}
		s.NewLines = len(rows)
		row := &statementRow{ID: s.ID, FileName: s.FileName, Format: s.Format, StaffID: s.StaffID,
			UploadedAt: storedTime(s.UploadedAt), Lines: s.Lines, NewLines: s.NewLines}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: add statement: %w", err)
		}
		for _, chunk := range chunks(rows, 200) {
			if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
				if mapped := mapUnique(err, statementLineKey); mapped != err {
					return mapped
				}
				return fmt.Errorf("bunstore: add statement lines: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return skipped, nil
}

func chunks[T any](xs []T, n int) [][]T {
	var out [][]T
	for len(xs) > n {
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	if len(xs) > 0 {
		out = append(out, xs)
	}
	return out
}

// Get loads a statement and its lines in file order.
func (r *StatementRepository) Get(ctx context.Context, id string) (payment.Statement, []payment.StoredLine, error) {
	row := new(statementRow)
	if err := r.db.conn(ctx).NewSelect().Model(row).Where("id = ?", id).Scan(ctx); err != nil {
		return payment.Statement{}, nil, notFound(err, codeStatementNotFound, msgStatementNotFound)
	}
	var rows []statementLineRow
	if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("statement_id = ?", id).
		OrderExpr("row_no ASC, id ASC").Scan(ctx); err != nil {
		return payment.Statement{}, nil, fmt.Errorf("bunstore: load statement lines: %w", err)
	}
	return row.statement(), linesOf(rows), nil
}

func linesOf(rows []statementLineRow) []payment.StoredLine {
	out := make([]payment.StoredLine, len(rows))
	for i := range rows {
		out[i] = rows[i].line()
	}
	return out
}

// List returns statements, newest first.
func (r *StatementRepository) List(ctx context.Context, limit, offset int) ([]payment.Statement, int, error) {
	var rows []statementRow
	q := r.db.bun.NewSelect().Model(&rows).OrderExpr("uploaded_at DESC, id DESC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if offset > 0 {
		q = q.Offset(offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list statements: %w", err)
	}
	out := make([]payment.Statement, len(rows))
	for i := range rows {
		out[i] = rows[i].statement()
	}
	return out, total, nil
}

// LinesByKey returns the stored lines with the given keys.
func (r *StatementRepository) LinesByKey(ctx context.Context, keys []string) ([]payment.StoredLine, error) {
	var out []payment.StoredLine
	for _, chunk := range chunks(keys, 500) {
		var rows []statementLineRow
		if err := r.db.conn(ctx).NewSelect().Model(&rows).Where("line_key IN (?)", bun.List(chunk)).Scan(ctx); err != nil {
			return nil, fmt.Errorf("bunstore: statement lines by key: %w", err)
		}
		out = append(out, linesOf(rows)...)
	}
	return out, nil
}

// Lines returns lines in a status, oldest first.
func (r *StatementRepository) Lines(ctx context.Context, status payment.LineStatus, limit, offset int) ([]payment.StoredLine, int, error) {
	var rows []statementLineRow
	q := r.db.bun.NewSelect().Model(&rows).Where("status = ?", string(status)).
		OrderExpr("tx_date ASC, statement_id ASC, row_no ASC")
	if limit > 0 {
		q = q.Limit(limit)
	}
	if offset > 0 {
		q = q.Offset(offset)
	}
	total, err := q.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("bunstore: list statement lines: %w", err)
	}
	return linesOf(rows), total, nil
}

// GetLine loads one line.
func (r *StatementRepository) GetLine(ctx context.Context, id string) (payment.StoredLine, error) {
	row := new(statementLineRow)
	if err := r.db.conn(ctx).NewSelect().Model(row).Where("id = ?", id).Scan(ctx); err != nil {
		return payment.StoredLine{}, notFound(err, codeLineNotFound, msgLineNotFound)
	}
	return row.line(), nil
}

// SaveLine stores a line if its stored status is still from.
func (r *StatementRepository) SaveLine(ctx context.Context, l payment.StoredLine, from payment.LineStatus) error {
	row := lineToRow(l)
	res, err := r.db.conn(ctx).NewUpdate().Model(row).
		Column("status", "match_kind", "member_id", "candidates", "message", "payment_id", "updated_at").
		WherePK().Where("status = ?", string(from)).Exec(ctx)
	n, err := affected(res, err, "save statement line")
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := r.GetLine(ctx, l.ID); err != nil {
			return err
		}
		return apperr.Conflict("statement_line_changed",
			fmt.Sprintf("第%d行流水已被其他财务人员处理，请刷新后重试", l.Row))
	}
	return nil
}
