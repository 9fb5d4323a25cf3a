package httpapi

import (
	"io"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// exportJobRequest is the body of POST /export-jobs.
type exportJobRequest struct {
	List   string            `json:"list"`
	Format string            `json:"format"`
	Params map[string]string `json:"params"`
}

// exportJobJSON is one background export.
type exportJobJSON struct {
	ID         string            `json:"id"`
	List       string            `json:"list"`
	Title      string            `json:"title"`
	Format     string            `json:"format"`
	Params     map[string]string `json:"params"`
	State      string            `json:"state"`
	RowsDone   int               `json:"rows_done"`
	RowsTotal  int               `json:"rows_total"`
	Percent    int               `json:"percent"`
	Error      string            `json:"error,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
	FinishedAt *time.Time        `json:"finished_at,omitempty"`
	ExpiresAt  time.Time         `json:"expires_at"`
	// FileURL is where the file is, once done.
	FileURL string `json:"file_url,omitempty"`
}

func exportJobOf(j query.ExportJobItem) exportJobJSON {
	out := exportJobJSON{ID: j.ID, List: j.List, Title: j.Title, Format: j.Format, Params: j.Params, State: j.State,
		RowsDone: j.RowsDone, RowsTotal: j.RowsTotal, Percent: j.Percent, Error: j.Error, CreatedAt: j.CreatedAt,
		ExpiresAt: j.ExpiresAt}
	if out.Params == nil {
		out.Params = map[string]string{}
	}
	if !j.FinishedAt.IsZero() {
		t := j.FinishedAt
		out.FinishedAt = &t
	}
	if j.State == "done" {
		out.FileURL = "/api/v1/export-jobs/" + j.ID + "/file"
	}
	return out
}

// startExportJob is POST /export-jobs: 导出 as a background job, whatever
// its size (GET /exports/{list} streams directly).
func (a *API) startExportJob(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var body exportJobRequest
	if err := decodeJSON(w, req.Request, &body); err != nil {
		return err
	}
	j, err := a.app.Queries.ExportJobs.Start(req.Context(), query.ListExport{Principal: s.Principal, List: body.List,
		Format: body.Format, Params: body.Params})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusAccepted, exportJobOf(j))
}

// listExportJobs is GET /export-jobs: one's own jobs, newest first.
func (a *API) listExportJobs(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	jobs, err := a.app.Queries.ExportJobs.List(req.Context(), s.Principal)
	if err != nil {
		return err
	}
	out := make([]exportJobJSON, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, exportJobOf(j))
	}
	return a.ok(w, http.StatusOK, map[string]any{"items": out})
}

// getExportJob is GET /export-jobs/{job_id}: its progress.
func (a *API) getExportJob(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	j, err := a.app.Queries.ExportJobs.Get(req.Context(), s.Principal, req.Param("job_id"))
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, exportJobOf(j))
}

// exportJobFile is GET /export-jobs/{job_id}/file: the finished file.
func (a *API) exportJobFile(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	rc, j, err := a.app.Queries.ExportJobs.File(req.Context(), s.Principal, req.Param("job_id"))
	if err != nil {
		return err
	}
	defer func() { _ = rc.Close() }()
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(j.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", j.Title+"."+j.Format, j.List+"."+j.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	_, err = io.Copy(w, rc)
	return err
}
