package ports

import (
	"context"
	"io"
	"time"

	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// SheetReader reads the rows of an uploaded spreadsheet (导入老会员): XLSX, or
// CSV in UTF-8 (with or without BOM) or GBK, told apart by content, not by
// name. It streams: the rows are read one by one, never the whole sheet.
type SheetReader interface {
	// Open starts reading the first sheet. A file that is neither XLSX nor
	// CSV, or an XLSX whose declared dimensions are out of bounds, is an
	// apperr Invalid on "file" with a Chinese message.
	Open(ctx context.Context, r io.Reader) (SheetRows, error)
}

// SheetRows iterates over the rows of a sheet.
type SheetRows interface {
	// Next returns the cells of the next row (the header row first); io.EOF
	// after the last. A row past the limits (more than MaxImportRows data
	// rows, a cell beyond the last column, too many empty rows) is an apperr
	// Invalid on "file" with a Chinese message.
	Next() ([]string, error)
	// Line returns the row number in the file (the header is 1) of the row
	// Next last returned; skipped empty rows count.
	Line() int
	// Close releases the file.
	Close() error
}

// MaxImportRows is the most data rows an import file may hold.
const MaxImportRows = 200000

// ImportBatch statuses.
const (
	ImportRunning = "running"
	ImportDone    = "done"
	ImportFailed  = "failed"
	ImportUndone  = "undone"
)

// ImportBatch is one committed import (第 N 批) and its progress.
type ImportBatch struct {
	ID         string
	Seq        int
	PreviewKey string // the preview's fingerprint: one batch per preview
	FileName   string
	StaffID    string
	StaffName  string
	Status     string
	Total      int // rows to import
	Done       int // rows imported so far
	Created    int
	Updated    int
	Error      string
	StartedAt  time.Time
	FinishedAt time.Time
	// ProgressAt is when the batch last made progress (its start, then each
	// chunk written): a running batch without progress for long is one whose
	// process died (see FailStale).
	ProgressAt time.Time
}

// Interrupted tells whether the batch is running without progress (or,
// before any, since its start) since before.
func (b ImportBatch) Interrupted(before time.Time) bool {
	last := b.ProgressAt
	if last.IsZero() {
		last = b.StartedAt
	}
	return b.Status == ImportRunning && last.Before(before)
}

// ImportedMember is a member a batch created or updated.
type ImportedMember struct {
	BatchID  string
	MemberID string
	Created  bool
	// Version is the member's version right after the import: a higher one
	// means it changed since.
	Version int64
	// Prior is the updated member's snapshot before the import (JSON), to
	// restore on undo; empty for a created member.
	Prior string
}

// ImportMatch is an existing member holding one of the keys of an imported
// row: Key is "number", "reg_no", "name" or "email", Value the key's value.
type ImportMatch struct {
	Key      string
	Value    string
	Kind     member.Kind
	MemberID string
}

// ImportBatchMember is a member of a batch as the batch page lists it.
type ImportBatchMember struct {
	MemberID   string
	Number     string
	Name       string
	Kind       member.Kind
	Created    bool
	LoggedInAt time.Time // zero: not logged in yet
}

// ImportBlocker is a member of a batch that keeps it from being undone.
type ImportBlocker struct {
	MemberID string
	Number   string
	Name     string
	Reason   string // BlockerLoggedIn or BlockerChanged
}

// LegacyImports stores the batches of 导入老会员. Writes join the
// transaction in ctx (Transactor.InTx), so that a chunk of members, its
// batch rows and the progress commit together.
type LegacyImports interface {
	// Match returns the existing members holding any of the keys (number,
	// USCC or ID number, name per kind, email).
	Match(ctx context.Context, keys []legacyimport.Keys) ([]ImportMatch, error)
	// StartBatch stores a new running batch, numbering it after the last
	// (b.Seq is set). A batch with the same PreviewKey is an apperr Conflict
	// with code "import_committed" naming its number.
	StartBatch(ctx context.Context, b *ImportBatch) error
	// SaveBatch writes a batch's status, counters, error, finish and
	// progress times.
	SaveBatch(ctx context.Context, b ImportBatch) error
	// GetBatch loads a batch; NotFound when missing.
	GetBatch(ctx context.Context, id string) (ImportBatch, error)
	// ListBatches returns a page of the batches, newest first, and their count.
	ListBatches(ctx context.Context, offset, limit int) ([]ImportBatch, int, error)
	// InsertMembers stores new members with their histories in multi-row
	// inserts (no outbox: an import mails nobody), files them in the registry
	// and records them in the batch.
	InsertMembers(ctx context.Context, batchID string, ms []*member.Member) error
	// RecordUpdated records members a batch updated (through MemberRepository).
	RecordUpdated(ctx context.Context, rows []ImportedMember) error
	// Members returns a page of a batch's members in import order (only those
	// not logged in yet with notLoggedIn) and their count.
	Members(ctx context.Context, batchID string, notLoggedIn bool, offset, limit int) ([]ImportBatchMember, int, error)
	// Updated returns the members a batch updated, with their prior snapshots.
	Updated(ctx context.Context, batchID string) ([]ImportedMember, error)
	// Blockers returns the batch's members that logged in or changed since
	// the import (at most limit).
	Blockers(ctx context.Context, batchID string, limit int) ([]ImportBlocker, error)
	// DeleteCreated deletes the members the batch created, with everything
	// stored beside them, and returns how many.
	DeleteCreated(ctx context.Context, batchID string) (int, error)
	// NoteLogin records that an imported member logged in (the first time
	// counts); a member of no batch is no error.
	NoteLogin(ctx context.Context, memberID string, at time.Time) error
	// RaiseSequence moves a counter (Sequences) to at least value.
	RaiseSequence(ctx context.Context, scope string, value int64) error
	// ContactsOf returns the contacts (联系人管理) of the members, in any
	// order (a re-import keeps them for undo).
	ContactsOf(ctx context.Context, memberIDs []string) ([]contact.Contact, error)
	// ReplaceContacts deletes the contacts of the members and stores cs
	// (each a contact of one of them) in multi-row statements.
	ReplaceContacts(ctx context.Context, memberIDs []string, cs []contact.Contact) error
	// FailStale marks failed, with the message and finished at at, the
	// running batches whose last progress (or start) is before before, in one
	// statement, and returns how many.
	FailStale(ctx context.Context, before, at time.Time, message string) (int, error)
}

// The reasons of ImportBlocker.
const (
	BlockerLoggedIn = "导入后已登录"
	BlockerChanged  = "导入后资料已修改"
)
