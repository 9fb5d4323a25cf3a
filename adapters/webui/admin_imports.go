package webui

import (
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// The pages of 导入老会员 (admin).
const (
	adminImportsPath   = "/admin/imports"
	importTemplatePath = adminImportsPath + "/template.xlsx"
	importBatchesPath  = adminImportsPath + "/batches/"
	importFileField    = "file"
	importAccept       = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
)

// importsView is the data of 导入老会员 and of its preview.
type importsView struct {
	TemplateURL string
	UploadPath  string
	Accept      string
	Batches     []batchRow
	Total       int
	PrevPage    string
	NextPage    string
	// The preview (after an upload).
	Report     *command.ImportReport
	CommitPath string
	MapPath    string
	Fields     []legacyimport.Column
	Headers    []mappedHeader
}

// batchRow is a batch in the list.
type batchRow struct {
	ports.ImportBatch
	Href, Started, Status string
}

// mappedHeader is a header of the file in the mapping step.
type mappedHeader struct {
	Index int
	Text  string
	Field legacyimport.Field
}

// batchStatus is a batch status's Chinese label.
func batchStatus(s string) string {
	switch s {
	case ports.ImportRunning:
		return "导入中"
	case ports.ImportDone:
		return "已完成"
	case ports.ImportFailed:
		return "导入失败"
	case ports.ImportUndone:
		return "已撤销"
	}
	return s
}

// adminImports is 导入老会员: the template, the upload and the batches.
func (u *UI) adminImports(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	return u.renderImports(w, req, sc, p, nil, http.StatusOK)
}

func (u *UI) renderImports(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	rep *command.ImportReport, status int) error {
	page := pageParam(req)
	list, total, err := u.app.Queries.ImportBatches.List(req.Context(), query.ImportBatches{
		Principal: sc.Session.Principal, Page: page})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := importsView{TemplateURL: importTemplatePath, UploadPath: adminImportsPath, Accept: importAccept,
		Total: total, Report: rep, Fields: legacyimport.Columns()}
	for _, b := range list {
		v.Batches = append(v.Batches, batchRow{ImportBatch: b, Href: importBatchesPath + url.PathEscape(b.ID),
			Started: u.minute(b.StartedAt), Status: batchStatus(b.Status)})
	}
	pages := max((total+19)/20, 1)
	v.PrevPage, v.NextPage = queueLinks(page, pages, func(n int) string { return adminImportsPath + "?page=" + itoa(n) })
	if rep != nil {
		v.CommitPath = adminImportsPath + "/" + url.PathEscape(rep.Key) + "/commit"
		v.MapPath = adminImportsPath + "/" + url.PathEscape(rep.Key) + "/map"
		for i, h := range rep.Header {
			if strings.TrimSpace(h) == "" {
				continue
			}
			f, _ := legacyimport.ParseField(h)
			v.Headers = append(v.Headers, mappedHeader{Index: i, Text: h, Field: f})
		}
	}
	p.Portal = u.staffPortal(sc, "imports")
	p.Data = v
	u.render(w, req, status, "admin_imports.html", p)
	return nil
}

// adminImportTemplate downloads the template: its name in the staff member's
// language, its column headers in Chinese (the importer reads them).
func (u *UI) adminImportTemplate(w http.ResponseWriter, req bunrouter.Request, _ *staffCtx) error {
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="import-template.xlsx"; filename*=UTF-8''`+
		url.PathEscape(u.t(req.Request, "导入老会员模板.xlsx")))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	return writeImportTemplate(w)
}

// adminImportUpload previews an uploaded file (the dry run): nothing is
// written; the file is kept for the commit.
func (u *UI) adminImportUpload(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	fh, status, err := uploadOf(req).singleFile(importFileField)
	if err == nil {
		var data []byte
		if data, err = readUploaded(fh); err == nil {
			return u.previewImport(w, req, sc, importUpload{name: fh.Filename, data: data})
		}
		status = httpkit.Status(apperr.As(err).Kind)
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	return u.renderImports(w, req, sc, p, nil, status)
}

func readUploaded(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, apperr.Internal(err)
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return data, nil
}

// previewImport runs the dry run on a kept file and shows the preview.
func (u *UI) previewImport(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, up importUpload) error {
	rep, err := u.app.Commands.PreviewImport.Handle(req.Context(), command.PreviewImport{
		Principal: sc.Session.Principal, File: up.file()})
	p := u.newPage(w, req, "")
	p.Form = newForm()
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid {
			return u.showError(w, req, err)
		}
		p.Form.fail(e)
		return u.renderImports(w, req, sc, p, nil, httpkit.Status(e.Kind))
	}
	if err := u.keepImport(req, sc, up, rep); err != nil {
		return u.showError(w, req, err)
	}
	return u.renderImports(w, req, sc, p, rep, http.StatusOK)
}

// adminImportMap previews the kept file again with the staff's mapping of
// its headers (col_N = field).
func (u *UI) adminImportMap(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	up, ok, err := u.stagedImport(req, sc)
	if err != nil {
		return u.showError(w, req, err)
	} else if !ok {
		return u.importExpired(w, req, sc)
	}
	up.mapping = map[string]legacyimport.Field{}
	for i, h := range up.staged.Header {
		if f, ok := legacyimport.ParseField(req.PostFormValue("col_" + itoa(i))); ok && strings.TrimSpace(h) != "" {
			up.mapping[h] = f
		}
	}
	return u.previewImport(w, req, sc, up)
}

// importExpired answers a preview whose file is no longer kept.
func (u *UI) importExpired(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.Message = "预览已过期（上传的文件只保留1小时），请重新上传文件"
	return u.renderImports(w, req, sc, p, nil, http.StatusConflict)
}
