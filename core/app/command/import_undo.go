package command

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// UndoImport undoes a batch (撤销导入).
type UndoImport struct {
	Principal access.Principal
	BatchID   string
}

// UndoImportResult is an undone batch, or what keeps it from being undone.
type UndoImportResult struct {
	Batch    ports.ImportBatch
	Removed  int
	Restored int
	// Blockers are the members that logged in or changed since the import
	// (when the undo was refused for them).
	Blockers []ports.ImportBlocker
}

// UndoImportHandler undoes batches.
type UndoImportHandler struct{ d ImportDeps }

// NewUndoImportHandler builds the handler.
func NewUndoImportHandler(d ImportDeps) *UndoImportHandler { return &UndoImportHandler{d: d} }

// maxBlockers bounds the blockers listed.
const maxBlockers = 200

// Handle removes the members the batch created and puts the ones it updated
// back as they were, in one transaction, while none of them logged in or
// changed since; otherwise it is a Conflict and the result lists the
// blockers. A batch undone already, or still running, is a Conflict too.
func (h *UndoImportHandler) Handle(ctx context.Context, cmd UndoImport) (UndoImportResult, error) {
	d := h.d
	if err := access.Authorize(d.Authz, cmd.Principal, access.ImportMembers, ""); err != nil {
		return UndoImportResult{}, err
	}
	var res UndoImportResult
	err := d.Tx.InTx(ctx, func(ctx context.Context) error {
		b, err := d.batchSettled(ctx, cmd.BatchID) // an interrupted batch can be undone
		if err != nil {
			return err
		}
		res.Batch = b
		switch b.Status {
		case ports.ImportUndone:
			return apperr.Conflict("import_undone", fmt.Sprintf("第%d批已经撤销过了，不能重复撤销", b.Seq))
		case ports.ImportRunning:
			return apperr.Conflict("import_running", fmt.Sprintf("第%d批正在导入，导入结束后才能撤销", b.Seq))
		}
		if res.Blockers, err = d.Store.Blockers(ctx, b.ID, maxBlockers); err != nil {
			return apperr.Internal(err)
		}
		if len(res.Blockers) > 0 {
			return apperr.Conflict("import_undo_blocked",
				fmt.Sprintf("第%d批中有会员在导入后已登录或资料已修改，不能撤销（见下方名单）", b.Seq))
		}
		if res.Restored, err = h.restore(ctx, b); err != nil {
			return err
		}
		if res.Removed, err = d.Store.DeleteCreated(ctx, b.ID); err != nil {
			return apperr.Internal(err)
		}
		b.Status = ports.ImportUndone
		if err := d.Store.SaveBatch(ctx, b); err != nil {
			return apperr.Internal(err)
		}
		res.Batch = b
		return d.Audit.Record(ctx, cmd.Principal, audit.Entry{Action: audit.ImportUndo, Subject: b.ID,
			Summary: fmt.Sprintf("撤销导入老会员第%d批（%s）：删除%d个新建的会员，恢复%d个更新的会员",
				b.Seq, b.FileName, res.Removed, res.Restored)})
	})
	return res, err
}

// restore puts the members the batch updated back as they were.
func (h *UndoImportHandler) restore(ctx context.Context, b ports.ImportBatch) (int, error) {
	rows, err := h.d.Store.Updated(ctx, b.ID)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	now := h.d.now()
	contacts := map[string][]contact.Contact{}
	for _, r := range rows {
		var prior importPrior
		if err := json.Unmarshal([]byte(r.Prior), &prior); err != nil {
			return 0, apperr.Internal(err)
		}
		err := h.d.Members.Update(ctx, r.MemberID, func(_ context.Context, m *member.Member) error {
			m.RevertImport(prior.Snapshot, b.Seq, now)
			return nil
		})
		if err != nil {
			return 0, err
		}
		if prior.Contacts != nil {
			contacts[r.MemberID] = *prior.Contacts
		}
	}
	return len(rows), h.restoreContacts(ctx, contacts)
}
