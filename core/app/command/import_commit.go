package command

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/ports"
)

// CommitImport imports a previewed file as one batch (确认导入).
type CommitImport struct {
	Principal access.Principal
	File      ImportFile
	// Key is the preview's key (ImportReport.Key): a preview is committed
	// once, and only with the file it was made from.
	Key string
	// Started, when set, is called once the batch is stored and before its
	// rows are imported (an adapter answers the request there and lets the
	// import run on).
	Started func(ports.ImportBatch)
}

// CommitImportHandler commits imports.
type CommitImportHandler struct{ d ImportDeps }

// NewCommitImportHandler builds the handler.
func NewCommitImportHandler(d ImportDeps) *CommitImportHandler { return &CommitImportHandler{d: d} }

// Handle imports the rows without problems, a chunk per transaction, keeping
// the batch's progress with each chunk (a page reloaded mid-way shows it);
// rows with problems are skipped, as the preview showed. Every imported
// member's history starts with Imported; the batch is one audit entry. A
// second commit of the same preview (two clicks, two admins) is a Conflict
// naming the batch the first one made.
func (h *CommitImportHandler) Handle(ctx context.Context, cmd CommitImport) (ports.ImportBatch, error) {
	d := h.d
	if err := access.Authorize(d.Authz, cmd.Principal, access.ImportMembers, ""); err != nil {
		return ports.ImportBatch{}, err
	}
	pre, err := d.prepared(ctx, cmd.File)
	if err != nil {
		return ports.ImportBatch{}, err
	}
	if cmd.Key == "" || keyFingerprint(cmd.Key) != pre.fingerprint {
		return ports.ImportBatch{}, apperr.Conflict("import_file_changed", "文件与预览时不同，请重新上传并预览后再确认导入")
	}
	now := d.now()
	b := ports.ImportBatch{PreviewKey: cmd.Key, FileName: cmd.File.Name, StaffID: cmd.Principal.ID,
		StaffName: d.staffName(ctx, cmd.Principal), Status: ports.ImportRunning, Total: pre.rows, StartedAt: now,
		ProgressAt: now}
	err = d.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := d.Store.StartBatch(ctx, &b); err != nil {
			return err
		}
		for scope, seq := range pre.maxSeq {
			if err := d.Store.RaiseSequence(ctx, scope, seq); err != nil {
				return apperr.Internal(err)
			}
		}
		return nil
	})
	if err != nil {
		return ports.ImportBatch{}, err
	}
	if cmd.Started != nil {
		cmd.Started(b)
	}
	w := &importWriter{d: d, b: &b, now: now}
	rep, err := d.scan(ctx, cmd.File, nil, w.apply)
	if err == nil && rep.Fatal {
		err = apperr.Conflict("import_file_changed", "文件与预览时不同，请重新上传并预览后再确认导入")
	}
	if err != nil {
		b.Status, b.Error, b.FinishedAt = ports.ImportFailed, apperr.As(err).Message, d.now()
		if serr := d.Store.SaveBatch(context.WithoutCancel(ctx), b); serr != nil {
			return b, errors.Join(err, apperr.Internal(serr))
		}
		return b, err
	}
	b.Status, b.Done, b.FinishedAt = ports.ImportDone, b.Total, d.now()
	err = d.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := d.Store.SaveBatch(ctx, b); err != nil {
			return apperr.Internal(err)
		}
		return d.Audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.ImportBatch, Subject: b.ID,
			Summary: fmt.Sprintf("导入老会员第%d批（%s）：新建%d个、更新%d个会员，跳过%d行有问题的数据",
				b.Seq, b.FileName, b.Created, b.Updated, rep.Skipped)})
	})
	return b, err
}

// staffName is how the history names the staff member who imports.
func (d ImportDeps) staffName(ctx context.Context, p access.Principal) string {
	if d.Staff == nil {
		return p.ID
	}
	s, err := d.Staff.Get(ctx, p.ID)
	if err != nil {
		return p.ID
	}
	if s.DisplayName() != "" {
		return s.DisplayName()
	}
	return s.Username()
}

// prepared is what the commit must know first: from the cache when this
// process previewed the very file, else from a first reading (prepass).
func (d ImportDeps) prepared(ctx context.Context, f ImportFile) (prepassResult, error) {
	if d.Cache != nil {
		fp, err := hashFile(f)
		if err != nil {
			return prepassResult{}, err
		}
		if r, ok := d.Cache.get(fp); ok {
			return r, nil
		}
	}
	return d.prepass(ctx, f)
}

// prepassResult is what a commit learns before writing anything.
type prepassResult struct {
	fingerprint string
	rows        int
	maxSeq      map[string]int64 // number counter → highest imported value
}

// prepass reads the file once without checking it: its fingerprint (the
// preview's), its data rows (the progress's total) and, per number counter,
// the highest imported member number, so that numbers drawn for rows
// without one continue after it and never clash with a later row.
func (d ImportDeps) prepass(ctx context.Context, f ImportFile) (prepassResult, error) {
	sum := sha256.New()
	rows, closeAll, err := d.openSheet(ctx, f, sum)
	if err != nil {
		return prepassResult{}, err
	}
	res := prepassResult{maxSeq: map[string]int64{}}
	header, err := rows.Next()
	if err != nil && !errors.Is(err, io.EOF) {
		closeAll()
		return res, err
	}
	mapping, _ := legacyimport.MapHeaders(header, f.Mapping)
	seqs := d.newSeqTracker()
	for {
		vals, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			closeAll()
			return res, err
		}
		res.rows++
		seqs.note(mapping.Row(vals))
	}
	res.maxSeq = seqs.max
	closeAll()
	res.fingerprint = fingerprint(sum, f.Mapping)
	return res, nil
}
