package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/ports"
)

// 导入老会员 (issue 11, admin): the file is sent with the preview and again
// with the commit (no state between them: the commit checks it is the file
// the preview read, by the preview's key).

// importFileOf reads the multipart upload of an import (field `file`, the
// optional `mapping` JSON object of header → field, the optional `key`),
// after checking the principal may import: nobody else sends 10 MB.
func (a *API) importFileOf(w http.ResponseWriter, req bunrouter.Request) (access.Principal, command.ImportFile, string, error) {
	s, _, err := a.session(req.Request)
	if err != nil {
		return access.Principal{}, command.ImportFile{}, "", err
	}
	if err := a.app.Authorize(s.Principal, access.ImportMembers); err != nil {
		return access.Principal{}, command.ImportFile{}, "", err
	}
	up, err := openUpload(w, req.Request, "file", "一次只能导入1个文件")
	if err != nil {
		return access.Principal{}, command.ImportFile{}, "", err
	}
	defer up.Close()
	data, err := io.ReadAll(up.File)
	if err != nil {
		return access.Principal{}, command.ImportFile{}, "", apperr.Internal(err)
	}
	f := command.ImportFile{Name: up.Name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
	if raw := req.PostFormValue("mapping"); raw != "" {
		var m map[string]string
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return access.Principal{}, command.ImportFile{}, "", mappingInvalid()
		}
		f.Mapping = map[string]legacyimport.Field{}
		for h, name := range m {
			field, ok := legacyimport.ParseField(name)
			if !ok {
				return access.Principal{}, command.ImportFile{}, "", mappingInvalid()
			}
			f.Mapping[h] = field
		}
	}
	return s.Principal, f, req.PostFormValue("key"), nil
}

func mappingInvalid() error {
	var v apperr.Validation
	v.Add("mapping", "mapping_invalid", "列对应应为 JSON 对象：{\"文件表头\": \"模板字段\"}")
	return v.Err()
}

// importPreviewJSON is the dry run's report (schema ImportPreview).
type importPreviewJSON struct {
	Key          string                 `json:"key"`
	FileName     string                 `json:"file_name"`
	Header       []string               `json:"header"`
	Rows         int                    `json:"rows"`
	Creates      int                    `json:"creates"`
	Updates      int                    `json:"updates"`
	Skipped      int                    `json:"skipped"`
	Fatal        bool                   `json:"fatal"`
	ProblemCount int                    `json:"problem_count"`
	Problems     []legacyimport.Problem `json:"problems"`
	Shown        []importRowJSON        `json:"shown"`
}

// importRowJSON is a row the import would create or update.
type importRowJSON struct {
	Row      int     `json:"row"`
	Action   string  `json:"action"`
	MemberID *string `json:"member_id"`
	Kind     string  `json:"kind"`
	Name     string  `json:"name"`
	Number   *string `json:"number"`
	Contact  string  `json:"contact"`
	Password string  `json:"password"`
}

// previewImport is POST /imports/preview: the dry run; nothing is written.
func (a *API) previewImport(w http.ResponseWriter, req bunrouter.Request) error {
	p, f, _, err := a.importFileOf(w, req)
	if err != nil {
		return err
	}
	rep, err := a.app.Commands.PreviewImport.Handle(req.Context(), command.PreviewImport{Principal: p, File: f})
	if err != nil {
		return err
	}
	out := importPreviewJSON{Key: rep.Key, FileName: rep.FileName, Header: rep.Header, Rows: rep.Rows,
		Creates: rep.Creates, Updates: rep.Updates, Skipped: rep.Skipped, Fatal: rep.Fatal,
		ProblemCount: rep.ProblemCount, Problems: rep.Problems, Shown: make([]importRowJSON, len(rep.Shown))}
	if out.Problems == nil {
		out.Problems = []legacyimport.Problem{}
	}
	if out.Header == nil {
		out.Header = []string{}
	}
	for i, r := range rep.Shown {
		action := "create"
		if r.Update {
			action = "update"
		}
		out.Shown[i] = importRowJSON{Row: r.Line, Action: action, MemberID: optional(r.MemberID), Kind: string(r.Kind),
			Name: r.Name, Number: optional(r.Number), Contact: r.Contact, Password: r.Password}
	}
	return a.ok(w, http.StatusOK, out)
}

// importBatchJSON is a batch and its progress (schema ImportBatch).
type importBatchJSON struct {
	ID         string  `json:"id"`
	Seq        int     `json:"seq"`
	FileName   string  `json:"file_name"`
	StaffName  string  `json:"staff_name"`
	Status     string  `json:"status"`
	Total      int     `json:"total"`
	Done       int     `json:"done"`
	Created    int     `json:"created"`
	Updated    int     `json:"updated"`
	Error      *string `json:"error"`
	StartedAt  string  `json:"started_at"`
	FinishedAt *string `json:"finished_at"`
}

func newImportBatchJSON(b ports.ImportBatch) importBatchJSON {
	return importBatchJSON{ID: b.ID, Seq: b.Seq, FileName: b.FileName, StaffName: b.StaffName, Status: b.Status,
		Total: b.Total, Done: b.Done, Created: b.Created, Updated: b.Updated, Error: optional(b.Error),
		StartedAt: timestamp(b.StartedAt), FinishedAt: optionalTime(b.FinishedAt)}
}

// commitImport is POST /imports: the previewed file again with the preview's
// key; 202 with the batch once it is stored, the rows are imported in the
// background (poll GET /imports/{batch_id}).
func (a *API) commitImport(w http.ResponseWriter, req bunrouter.Request) error {
	p, f, key, err := a.importFileOf(w, req)
	if err != nil {
		return err
	}
	started, failed := make(chan ports.ImportBatch, 1), make(chan error, 1)
	ctx := context.WithoutCancel(req.Context())
	go func() {
		b, err := a.app.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: p, File: f, Key: key,
			Started: func(b ports.ImportBatch) { started <- b }})
		if err != nil && b.ID != "" {
			a.log.Error("import batch failed", "batch", b.ID, "err", err)
		}
		failed <- err
	}()
	select {
	case b := <-started:
		return a.ok(w, http.StatusAccepted, newImportBatchJSON(b))
	case err := <-failed:
		if err == nil {
			err = apperr.Internal(io.ErrUnexpectedEOF)
		}
		return err
	}
}

// importBatchListJSON is a page of batches (schema ImportBatchList).
type importBatchListJSON struct {
	Total int               `json:"total"`
	Items []importBatchJSON `json:"items"`
}

// listImports is GET /imports: the batches, newest first.
func (a *API) listImports(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	bs, n, err := a.app.Queries.ImportBatches.List(req.Context(), query.ImportBatches{Principal: s.Principal,
		Page: page, PerPage: size})
	if err != nil {
		return err
	}
	out := importBatchListJSON{Total: n, Items: make([]importBatchJSON, len(bs))}
	for i, b := range bs {
		out.Items[i] = newImportBatchJSON(b)
	}
	return a.ok(w, http.StatusOK, out)
}

// getImport is GET /imports/{batch_id}: a batch's progress.
func (a *API) getImport(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	b, err := a.app.Queries.ImportBatches.Progress(req.Context(), s.Principal, req.Param("batch_id"))
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newImportBatchJSON(b))
}
