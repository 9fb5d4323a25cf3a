package command

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ImportStatement is finance's upload of a bank statement (CSV or XLSX).
type ImportStatement struct {
	Principal access.Principal
	FileName  string    // decides CSV (.csv) or XLSX (.xlsx) together with the content
	Content   io.Reader // read up to MaxStatementBytes + 1 bytes
}

// MaxStatementBytes bounds a statement upload.
const MaxStatementBytes = 10 << 20

// StatementField is the field name of statement upload errors.
const StatementField = "statement"

// ImportedStatement summarizes an import: what was stored.
type ImportedStatement struct {
	StatementID string
	Lines       int // lines in the file
	New         int // lines stored by this import
	// Duplicates are the lines not stored: an earlier upload already brought
	// them (they are never confirmed twice), or they repeat an earlier line of
	// this file (Repeated).
	Duplicates int
	Matched    int              // new lines with a confirmable proposal
	Unmatched  int              // new lines finance must look at
	Repeated   []payment.Repeat // lines of this file repeating an earlier one (the same bank reference)
}

// ImportStatementHandler imports statements.
type ImportStatementHandler struct {
	statements ports.StatementRepository
	lookup     ports.MemberLookup
	parser     ports.StatementParser
	settings   *feesettings.Source
	authz      ports.Authorizer
	clock      ports.Clock
	loc        *time.Location
	tx         ports.Transactor
	audit      *Auditor
	// payments, when set, lets a line match a balance due after a partial
	// payment (the fee less what arrived) rather than the whole fee.
	payments ports.PaymentRepository
}

// WithPayments makes the matching propose a line for a member's balance due
// after a partial payment (issue 12 item 5).
func (h *ImportStatementHandler) WithPayments(payments ports.PaymentRepository) *ImportStatementHandler {
	h.payments = payments
	return h
}

// NewImportStatementHandler builds the handler; loc is the association's time
// zone. Each import is recorded through audit in the transaction of tx that
// stores it.
func NewImportStatementHandler(statements ports.StatementRepository, lookup ports.MemberLookup,
	parser ports.StatementParser, settings *feesettings.Source, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location, tx ports.Transactor, audit *Auditor) *ImportStatementHandler {
	return &ImportStatementHandler{statements: statements, lookup: lookup, parser: parser, settings: settings,
		authz: authz, clock: clock, loc: orUTC(loc), tx: tx, audit: audit}
}

// Handle parses the file, stores the lines not seen before — neither in an
// earlier upload nor earlier in the file — and proposes a member for each (by
// reference code in the remark, then by payer name and amount).
// Nothing is confirmed: finance reviews the proposals (query StatementDetail) and
// confirms them with ConfirmStatement. A malformed file is an Invalid error on
// "statement" saying what is wrong and where; nothing is stored. The statement
// and its audit entry are stored in one transaction.
func (h *ImportStatementHandler) Handle(ctx context.Context, cmd ImportStatement) (ImportedStatement, error) {
	if err := access.Authorize(h.authz, cmd.Principal, access.ConfirmPayment, ""); err != nil {
		return ImportedStatement{}, err
	}
	data, err := readStatement(cmd.Content)
	if err != nil {
		return ImportedStatement{}, err
	}
	name := cleanFileName(cmd.FileName)
	format, lines, err := h.parser.Parse(ctx, name, data)
	if err != nil {
		return ImportedStatement{}, err
	}
	if len(lines) == 0 {
		return ImportedStatement{}, statementError("statement_empty", "对账单中没有交易记录")
	}
	firsts, keys, repeats := payment.FirstOccurrences(lines, payment.Keys(lines))
	fresh, freshKeys, err := h.unseen(ctx, firsts, keys)
	if err != nil {
		return ImportedStatement{}, err
	}
	dir, err := matchingDirectory(ctx, h.lookup, h.settings, h.payments, fresh)
	if err != nil {
		return ImportedStatement{}, err
	}
	proposals := payment.MatchLines(fresh, dir)
	now := h.clock.Now().In(h.loc)
	st := payment.Statement{ID: id.New(now), FileName: name, Format: format, StaffID: cmd.Principal.ID,
		UploadedAt: now, Lines: len(lines)}
	stored := make([]payment.StoredLine, len(fresh))
	for i, l := range fresh {
		stored[i] = payment.StoredLine{ID: id.New(now), StatementID: st.ID, Key: freshKeys[i], Line: l,
			Status: payment.StatusFor(proposals[i]), Match: proposals[i], UpdatedAt: now}
	}
	var out ImportedStatement
	err = inTx(ctx, h.tx, func(ctx context.Context) error {
		skipped, err := h.statements.Add(ctx, st, stored)
		if err != nil {
			return err
		}
		out = summarizeImport(st.ID, len(lines), stored, skipped, repeats)
		return h.audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.StatementImport,
			Subject: "statement:" + st.ID, Summary: importSummary(name, out)})
	})
	if err != nil {
		return ImportedStatement{}, err
	}
	return out, nil
}

// importSummary is the audit log's line of an import.
func importSummary(name string, s ImportedStatement) string {
	return fmt.Sprintf("导入银行流水《%s》：共%d行，新增%d行（已匹配%d行，待处理%d行），重复%d行",
		name, s.Lines, s.New, s.Matched, s.Unmatched, s.Duplicates)
}

// readStatement reads the upload and checks its size.
func readStatement(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, statementError("file_required", "请选择要导入的银行对账单")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxStatementBytes+1))
	if err != nil {
		return nil, apperr.Internal(fmt.Errorf("read statement upload: %w", err))
	}
	switch {
	case len(data) == 0:
		return nil, statementError("file_required", "请选择要导入的银行对账单")
	case len(data) > MaxStatementBytes:
		return nil, statementError("file_too_large", "对账单文件不能超过10MB")
	}
	return data, nil
}

func statementError(code, msg string) error {
	var v apperr.Validation
	v.Add(StatementField, code, msg)
	return v.Err()
}

// unseen returns the lines no earlier upload brought, with their keys.
func (h *ImportStatementHandler) unseen(ctx context.Context, lines []payment.Line, keys []string) ([]payment.Line,
	[]string, error) {
	known, err := h.statements.LinesByKey(ctx, keys)
	if err != nil {
		return nil, nil, apperr.Internal(err)
	}
	have := map[string]bool{}
	for _, l := range known {
		have[l.Key] = true
	}
	var fresh []payment.Line
	var freshKeys []string
	for i, l := range lines {
		if !have[keys[i]] {
			fresh = append(fresh, l)
			freshKeys = append(freshKeys, keys[i])
		}
	}
	return fresh, freshKeys, nil
}

// summarizeImport counts the lines stored: those of stored the repository did
// not skip (a concurrent upload may have stored some first). The others are
// duplicates, with the file's repeats.
func summarizeImport(statementID string, lines int, stored []payment.StoredLine, skipped []string,
	repeats []payment.Repeat) ImportedStatement {
	out := ImportedStatement{StatementID: statementID, Lines: lines, Repeated: repeats}
	dup := make(map[string]bool, len(skipped))
	for _, id := range skipped {
		dup[id] = true
	}
	for _, l := range stored {
		if dup[l.ID] {
			continue
		}
		out.New++
		switch l.Status {
		case payment.LineMatched:
			out.Matched++
		case payment.LineUnmatched:
			out.Unmatched++
		}
	}
	out.Duplicates = out.Lines - out.New
	return out
}
