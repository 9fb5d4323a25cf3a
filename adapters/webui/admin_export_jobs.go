package webui

import (
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/ports"
)

// adminExportJobsPath is 导出任务: one's background exports.
const adminExportJobsPath = "/admin/exports"

// exportJobRow is one job as the page shows it.
type exportJobRow struct {
	query.ExportJobItem
	Created  string
	Finished string
	Expires  string
	Download string // the file's link once done
	Rows     string // 1 200 / 6 000
}

// exportJobsView is the page's data.
type exportJobsView struct {
	Jobs []exportJobRow
	// Busy is true while a job is queued or running: the page polls.
	Busy bool
	// Above and KeepHours explain when an export becomes a job and how long
	// its file stays.
	Above, KeepHours int
}

// startExportJob queues a large export and shows 导出任务.
func (u *UI) startExportJob(w http.ResponseWriter, req bunrouter.Request, ex query.ListExport) error {
	if _, err := u.app.Queries.ExportJobs.Start(req.Context(), ex); err != nil {
		return u.showError(w, req, err)
	}
	return redirect(w, req, adminExportJobsPath+"?started=1")
}

// adminExportJobs is 导出任务: the staff member's jobs, newest first, with
// their progress (the page refreshes itself while one runs) and 下载 once
// done.
func (u *UI) adminExportJobs(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	jobs, err := u.app.Queries.ExportJobs.List(req.Context(), sc.Session.Principal)
	if err != nil {
		return u.showError(w, req, err)
	}
	v := exportJobsView{Jobs: make([]exportJobRow, 0, len(jobs))}
	above, keep := u.app.Queries.ExportJobs.Limits()
	v.Above, v.KeepHours = above, int(keep.Hours())
	for _, j := range jobs {
		r := exportJobRow{ExportJobItem: j, Created: u.minute(j.CreatedAt),
			Rows: strconv.Itoa(j.RowsDone) + " / " + strconv.Itoa(j.RowsTotal)}
		if !j.FinishedAt.IsZero() {
			r.Finished, r.Expires = u.minute(j.FinishedAt), u.minute(j.ExpiresAt)
		}
		if j.State == ports.ExportDone {
			r.Download = adminExportJobsPath + "/" + url.PathEscape(j.ID) + "/file"
		}
		v.Busy = v.Busy || j.Unfinished()
		v.Jobs = append(v.Jobs, r)
	}
	p := u.newPage(w, req, "")
	if req.URL.Query().Get("started") != "" {
		p.Notice = "导出的数据较多，已转为后台导出任务。完成后可在此下载文件。"
	}
	p.Portal = u.staffPortal(sc, "exports")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_export_jobs.html", p)
	return nil
}

// adminExportJobFile downloads a finished job's file (one's own only).
func (u *UI) adminExportJobFile(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	rc, j, err := u.app.Queries.ExportJobs.File(req.Context(), sc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = rc.Close() }()
	setDownloadHeaders(w, j.Title, j.List, j.Format)
	_, err = io.Copy(w, rc)
	return err
}
