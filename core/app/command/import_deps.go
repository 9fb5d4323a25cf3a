package command

import (
	"context"
	"io"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// DefaultInitialCredentialFor is how long an imported member's initial
// password works when the configuration says nothing (90 days).
const DefaultInitialCredentialFor = 90 * 24 * time.Hour

// ImportDeps are the dependencies of 导入老会员 (preview, commit, undo).
type ImportDeps struct {
	Sheets    ports.SheetReader
	Store     ports.LegacyImports
	Members   ports.MemberRepository
	Staff     ports.StaffRepository
	Tx        ports.Transactor
	Authz     ports.Authorizer
	Clock     ports.Clock
	Audit     *Auditor
	Location  *time.Location
	Levels    member.LevelList
	Formats   NumberFormats
	Sequences ports.Sequences
	// Pinyin derives initial passwords (internal/pinyinkey.FullPinyin).
	Pinyin legacyimport.Pinyin
	// InitialFor is how long initial passwords work (0: 90 days).
	InitialFor time.Duration
	// Cache passes a preview's findings to its commit (nil: none).
	Cache *ImportCache
	// StaleAfter is how long a running batch may go without progress before
	// it counts as interrupted and is marked failed (0: 15 minutes).
	StaleAfter time.Duration
}

// batchSettled loads a batch, first marking it failed when it is an
// interrupted one (see ports.LegacyImports.FailStale).
func (d ImportDeps) batchSettled(ctx context.Context, id string) (ports.ImportBatch, error) {
	b, err := d.Store.GetBatch(ctx, id)
	if err != nil {
		return b, err
	}
	now := d.now()
	before, msg := legacyimport.Stale(now, d.StaleAfter)
	if !b.Interrupted(before) {
		return b, nil
	}
	if _, err := d.Store.FailStale(ctx, before, now, msg); err != nil {
		return b, apperr.Internal(err)
	}
	return d.Store.GetBatch(ctx, id)
}

func (d ImportDeps) now() time.Time { return d.Clock.Now().In(orUTC(d.Location)) }

func (d ImportDeps) initialFor() time.Duration {
	if d.InitialFor <= 0 {
		return DefaultInitialCredentialFor
	}
	return d.InitialFor
}

// ImportFile is an uploaded import file: its name, a way to read it (each
// pass reads it again from the start) and the staff's mapping of headers
// that differ from the template's (header text → field; nil for none).
type ImportFile struct {
	Name    string
	Open    func() (io.ReadCloser, error)
	Mapping map[string]legacyimport.Field
}

// MaxShownProblems and MaxShownRows bound what a preview lists (the counts
// are always complete).
const (
	MaxShownProblems = 1000
	MaxShownRows     = 1000
	importChunk      = 500
)

// PreviewRow is a row of the preview: what the import would do with it.
type PreviewRow struct {
	Line     int
	Update   bool   // updates an existing member (else creates one)
	MemberID string // the member updated
	Kind     member.Kind
	Name     string
	Number   string // empty: drawn at import
	Contact  string // the name the initial password comes from
	Password string // the derived initial password (pinyin)
}

// ImportReport is what a pass over the file found.
type ImportReport struct {
	Key          string // the preview's key (commit it with this key)
	FileName     string
	Header       []string // the file's header row (for the mapping step)
	Rows         int      // data rows
	Creates      int
	Updates      int
	Skipped      int // rows with problems (not imported)
	Problems     []legacyimport.Problem
	ProblemCount int
	Shown        []PreviewRow
	// Fatal is set when the file cannot be imported at all (its header).
	Fatal bool
	// maxSeq is the highest imported number per counter.
	maxSeq map[string]int64
}

func (r *ImportReport) problem(ps ...legacyimport.Problem) {
	for _, p := range ps {
		r.ProblemCount++
		if len(r.Problems) < MaxShownProblems {
			r.Problems = append(r.Problems, p)
		}
	}
}

// openSheet opens the file and its sheet reader; close closes both.
func (d ImportDeps) openSheet(ctx context.Context, f ImportFile, tee io.Writer) (ports.SheetRows, func(), error) {
	if f.Open == nil {
		return nil, nil, apperr.Internal(errNoFile)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, apperr.Internal(err)
	}
	var r io.Reader = rc
	if tee != nil {
		r = io.TeeReader(rc, tee)
	}
	rows, err := d.Sheets.Open(ctx, r)
	if err != nil {
		_ = rc.Close()
		return nil, nil, err
	}
	return rows, func() {
		if tee != nil {
			_, _ = io.Copy(io.Discard, r) // the whole file is hashed
		}
		_ = rows.Close()
		_ = rc.Close()
	}, nil
}

type importError string

func (e importError) Error() string { return string(e) }

const errNoFile = importError("import: no file to read")
