package webui

import (
	"context"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// batchView is the data of a batch's page.
type batchView struct {
	Batch       batchRow
	Percent     int
	Running     bool
	CanUndo     bool
	ProgressURL string
	UndoPath    string
	BackURL     string
	Members     []batchMemberRow
	Total       int
	NotLoggedIn bool
	AllURL      string
	FilterURL   string
	PrevPage    string
	NextPage    string
	Blockers    []ports.ImportBlocker
}

// batchMemberRow is a member of the batch.
type batchMemberRow struct {
	ports.ImportBatchMember
	Href, Kind, LoggedIn string
}

var importNotices = map[string]string{"undone": "已撤销该批导入：新建的会员已删除，更新的会员已恢复为导入前"}

// adminImportCommit is 确认导入: the import runs on in the background once
// its batch is stored; the browser goes to the batch's page, whose progress
// bar follows it.
func (u *UI) adminImportCommit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	up, ok, err := u.stagedImport(req, sc)
	if err != nil {
		return u.showError(w, req, err)
	} else if !ok {
		return u.importExpired(w, req, sc)
	}
	started, failed := make(chan ports.ImportBatch, 1), make(chan error, 1)
	ctx := context.WithoutCancel(req.Context())
	log := httpmw.Logger(req.Context(), u.log)
	go func() {
		b, err := u.app.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: sc.Session.Principal,
			File: up.file(), Key: req.Param("key"), Started: func(b ports.ImportBatch) { started <- b }})
		if err != nil && b.ID != "" {
			log.Error("import batch failed", "batch", b.ID, "err", err)
		}
		if b.ID != "" { // committed (or failed for good): the staged file is done with
			if derr := u.app.Commands.StagedImports.Drop(ctx, sc.Session.Principal); derr != nil {
				log.Error("import upload not deleted", "batch", b.ID, "err", derr)
			}
		}
		failed <- err
	}()
	select {
	case b := <-started:
		return redirect(w, req, importBatchesPath+url.PathEscape(b.ID))
	case err := <-failed:
		if err == nil {
			return u.showError(w, req, apperr.Internal(errImportNoBatch))
		}
		e := apperr.As(err)
		if e.Kind != apperr.KindConflict && e.Kind != apperr.KindInvalid {
			return u.showError(w, req, err)
		}
		p := u.newPage(w, req, "")
		p.Form = newForm()
		p.Form.fail(e)
		return u.renderImports(w, req, sc, p, nil, httpkit.Status(e.Kind))
	}
}

type importError string

func (e importError) Error() string { return string(e) }

const errImportNoBatch = importError("webui: the import ended without a batch")

// adminImportBatch is a batch's page: its progress, its members (those that
// have not logged in yet with ?filter=not_logged_in) and 撤销导入.
func (u *UI) adminImportBatch(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, importNotices)
	return u.renderBatch(w, req, sc, p, nil, http.StatusOK)
}

func (u *UI) renderBatch(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	blockers []ports.ImportBlocker, status int) error {
	id := req.Param("id")
	notLogged := req.URL.Query().Get("filter") == "not_logged_in"
	bv, err := u.app.Queries.ImportBatches.Batch(req.Context(), query.ImportBatch{Principal: sc.Session.Principal,
		BatchID: id, NotLoggedIn: notLogged, Page: pageParam(req), PerPage: 50})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := importBatchesPath + url.PathEscape(id)
	b := bv.Batch
	v := batchView{Batch: batchRow{ImportBatch: b, Href: base, Started: u.minute(b.StartedAt),
		Status: batchStatus(b.Status)}, Percent: percent(b), Running: b.Status == ports.ImportRunning,
		CanUndo:     b.Status == ports.ImportDone || b.Status == ports.ImportFailed, // failed: its written rows
		ProgressURL: base + "/progress", UndoPath: base + "/undo",
		BackURL: adminImportsPath, Total: bv.Total, NotLoggedIn: notLogged, AllURL: base,
		FilterURL: base + "?filter=not_logged_in", Blockers: blockers}
	for _, m := range bv.Members {
		r := batchMemberRow{ImportBatchMember: m, Href: adminMembersPath + "/" + url.PathEscape(m.MemberID),
			Kind: m.Kind.Label(), LoggedIn: "未登录"}
		if !m.LoggedInAt.IsZero() {
			r.LoggedIn = u.minute(m.LoggedInAt)
		}
		v.Members = append(v.Members, r)
	}
	link := base + "?page="
	if notLogged {
		link = base + "?filter=not_logged_in&page="
	}
	v.PrevPage, v.NextPage = queueLinks(bv.Page, max((bv.Total+bv.PerPage-1)/bv.PerPage, 1),
		func(n int) string { return link + itoa(n) })
	p.Portal = u.staffPortal(sc, "imports")
	p.Data = v
	u.render(w, req, status, "admin_import_batch.html", p)
	return nil
}

func percent(b ports.ImportBatch) int {
	if b.Status != ports.ImportRunning || b.Total == 0 {
		if b.Status == ports.ImportRunning {
			return 0
		}
		return 100
	}
	return min(b.Done*100/b.Total, 99)
}

// progressJSON is what the progress bar polls.
type progressJSON struct {
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Done        int    `json:"done"`
	Total       int    `json:"total"`
	Created     int    `json:"created"`
	Updated     int    `json:"updated"`
	Percent     int    `json:"percent"`
	Error       string `json:"error,omitempty"`
}

// adminImportProgress answers the batch's progress as JSON, its words in the
// staff member's language (the page's script shows them as they come).
func (u *UI) adminImportProgress(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	b, err := u.app.Queries.ImportBatches.Progress(req.Context(), sc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, progressJSON{Status: b.Status,
		StatusLabel: u.t(req.Request, batchStatus(b.Status)), Done: b.Done, Total: b.Total, Created: b.Created,
		Updated: b.Updated, Percent: percent(b), Error: u.t(req.Request, b.Error)})
}

// adminImportUndo is 撤销导入; refused, the page lists the blockers.
func (u *UI) adminImportUndo(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	id := req.Param("id")
	res, err := u.app.Commands.UndoImport.Handle(req.Context(), command.UndoImport{Principal: sc.Session.Principal,
		BatchID: id})
	if err == nil {
		return redirectDone(w, req, importBatchesPath+url.PathEscape(id), "undone")
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindConflict {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	return u.renderBatch(w, req, sc, p, res.Blockers, http.StatusConflict)
}
