package query

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/ports"
)

// ImportBatches is the list of 导入老会员's batches, newest first.
type ImportBatches struct {
	Principal access.Principal
	Page      int // 1-based
	PerPage   int // 0: 20
}

// ImportBatch is one batch with its progress and a page of its members
// (with NotLoggedIn, only those that have not logged in yet).
type ImportBatch struct {
	Principal   access.Principal
	BatchID     string
	NotLoggedIn bool
	Page        int
	PerPage     int
}

// ImportBatchView is a batch and a page of its members.
type ImportBatchView struct {
	Batch   ports.ImportBatch
	Members []ports.ImportBatchMember
	Total   int // members on every page
	Page    int
	PerPage int
}

// ImportBatchesHandler reads the batches (admin, member:import).
type ImportBatchesHandler struct {
	store      ports.LegacyImports
	authz      ports.Authorizer
	clock      ports.Clock
	staleAfter time.Duration
}

// NewImportBatchesHandler builds the handler. Reading batches first marks
// failed the running ones without progress for staleAfter (0: 15 minutes):
// their process died mid-import, and they would show 导入中 for ever.
func NewImportBatchesHandler(store ports.LegacyImports, authz ports.Authorizer, clock ports.Clock,
	staleAfter time.Duration) *ImportBatchesHandler {
	return &ImportBatchesHandler{store: store, authz: authz, clock: clock, staleAfter: staleAfter}
}

// settle marks the interrupted batches failed when bs holds one (a write
// only then: the progress bar polls these reads) and tells whether it did.
func (h *ImportBatchesHandler) settle(ctx context.Context, bs ...ports.ImportBatch) (bool, error) {
	now := h.clock.Now()
	before, msg := legacyimport.Stale(now, h.staleAfter)
	if !slices.ContainsFunc(bs, func(b ports.ImportBatch) bool { return b.Interrupted(before) }) {
		return false, nil
	}
	if _, err := h.store.FailStale(ctx, before, now, msg); err != nil {
		return false, apperr.Internal(err)
	}
	return true, nil
}

func pageOf(page, per int) (int, int) {
	if per <= 0 || per > 200 {
		per = 20
	}
	return max(page, 1), per
}

// List returns a page of the batches and their count.
func (h *ImportBatchesHandler) List(ctx context.Context, q ImportBatches) ([]ports.ImportBatch, int, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ImportMembers, ""); err != nil {
		return nil, 0, err
	}
	page, per := pageOf(q.Page, q.PerPage)
	bs, n, err := h.store.ListBatches(ctx, (page-1)*per, per)
	if err != nil {
		return nil, 0, apperr.Internal(err)
	}
	if again, err := h.settle(ctx, bs...); err != nil || !again {
		return bs, n, err
	}
	if bs, n, err = h.store.ListBatches(ctx, (page-1)*per, per); err != nil {
		return nil, 0, apperr.Internal(err)
	}
	return bs, n, nil
}

// Progress returns a batch alone (the progress bar polls it).
func (h *ImportBatchesHandler) Progress(ctx context.Context, p access.Principal, batchID string) (ports.ImportBatch, error) {
	if err := access.Authorize(h.authz, p, access.ImportMembers, ""); err != nil {
		return ports.ImportBatch{}, err
	}
	if strings.TrimSpace(batchID) == "" {
		return ports.ImportBatch{}, apperr.NotFound("import_batch_not_found", "导入批次不存在")
	}
	b, err := h.store.GetBatch(ctx, batchID)
	if err != nil {
		return b, err
	}
	if again, err := h.settle(ctx, b); err != nil || !again {
		return b, err
	}
	return h.store.GetBatch(ctx, batchID)
}

// Batch returns a batch and a page of its members.
func (h *ImportBatchesHandler) Batch(ctx context.Context, q ImportBatch) (ImportBatchView, error) {
	b, err := h.Progress(ctx, q.Principal, q.BatchID)
	if err != nil {
		return ImportBatchView{}, err
	}
	page, per := pageOf(q.Page, q.PerPage)
	ms, n, err := h.store.Members(ctx, b.ID, q.NotLoggedIn, (page-1)*per, per)
	if err != nil {
		return ImportBatchView{}, apperr.Internal(err)
	}
	return ImportBatchView{Batch: b, Members: ms, Total: n, Page: page, PerPage: per}, nil
}
