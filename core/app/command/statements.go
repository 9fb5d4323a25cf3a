package command

import (
	"context"
	"io"

	"github.com/openassoc/membership/core/domain/access"
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

// ImportedStatement summarizes an import.
type ImportedStatement struct {
	StatementID string
	Lines       int // lines in the file
	New         int // lines not imported before
	Duplicates  int // lines an earlier upload already brought (never confirmed twice)
	Matched     int // new lines with a confirmable proposal
	Unmatched   int // new lines finance must look at
}

// ImportStatementHandler imports statements.
type ImportStatementHandler struct{ fees *FeeService }

// NewImportStatementHandler builds the handler.
func NewImportStatementHandler(s *FeeService) *ImportStatementHandler {
	return &ImportStatementHandler{fees: s}
}

// Handle parses the file, stores the lines not seen before and proposes a member
// for each (by reference code in the remark, then by payer name and amount).
// Nothing is confirmed: finance reviews the proposals (query StatementDetail) and
// confirms them with ConfirmStatement. A malformed file is an Invalid error on
// "statement" saying what is wrong and where; nothing is stored.
func (h *ImportStatementHandler) Handle(ctx context.Context, cmd ImportStatement) (ImportedStatement, error) {
	return h.fees.importStatement(ctx, cmd)
}

// AssignStatementLine is finance's decision on a line: the member it pays for
// (for an unmatched or ambiguous line), or to set it aside.
type AssignStatementLine struct {
	Principal access.Principal
	LineID    string
	MemberID  string // the member; empty with Ignore
	Ignore    bool   // set the line aside (not a fee)
}

// AssignStatementLineHandler assigns lines.
type AssignStatementLineHandler struct{ fees *FeeService }

// NewAssignStatementLineHandler builds the handler.
func NewAssignStatementLineHandler(s *FeeService) *AssignStatementLineHandler {
	return &AssignStatementLineHandler{fees: s}
}

// Handle assigns the member (who must owe exactly the line's amount) or ignores
// the line. A confirmed line cannot change.
func (h *AssignStatementLineHandler) Handle(ctx context.Context, cmd AssignStatementLine) error {
	return h.fees.assignLine(ctx, cmd)
}

// ConfirmStatement confirms a statement's proposed matches in one step.
type ConfirmStatement struct {
	Principal   access.Principal
	StatementID string
	// LineIDs are the lines to confirm; empty confirms every matched line of the
	// statement, and is refused while the statement has ambiguous lines.
	LineIDs []string
}

// ConfirmedStatement reports what was confirmed.
type ConfirmedStatement struct {
	Confirmed  int
	PaymentIDs []string
}

// ConfirmStatementHandler confirms statement lines.
type ConfirmStatementHandler struct{ fees *FeeService }

// NewConfirmStatementHandler builds the handler.
func NewConfirmStatementHandler(s *FeeService) *ConfirmStatementHandler {
	return &ConfirmStatementHandler{fees: s}
}

// Handle confirms the lines in one transaction: each records a confirmed
// payment for its member (closing the member's open claim) exactly as a finance
// confirmation would. Any line that cannot be confirmed (ambiguous, unmatched,
// handled meanwhile, the member no longer owing that amount) makes the whole
// step fail with a message naming the line; nothing is confirmed then. A line
// is confirmed at most once, however often the statement is uploaded or
// confirmed.
func (h *ConfirmStatementHandler) Handle(ctx context.Context, cmd ConfirmStatement) (ConfirmedStatement, error) {
	return h.fees.confirmStatement(ctx, cmd)
}
