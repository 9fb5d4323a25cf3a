package webui

import (
	"bytes"
	"io"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// importUpload is 导入老会员's uploaded file between the preview and the
// commit (and the mapping step). It is kept in the module's file store by
// command.StagedImportsHandler — not in this process's memory — so that the
// commit finds it on any instance behind a balancer and after a restart: one
// file per staff member, under the preview's key, for an hour, deleted once
// committed.
type importUpload struct {
	name    string
	data    []byte // a new upload's content (nil: the staged file's)
	mapping map[string]legacyimport.Field
	staged  command.StagedImport
}

// file is the upload as the core reads it.
func (f importUpload) file() command.ImportFile {
	if f.data == nil {
		file := f.staged.File()
		file.Mapping = f.mapping
		return file
	}
	data := f.data
	return command.ImportFile{Name: f.name, Mapping: f.mapping,
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// keep stages the previewed upload under the preview's key and header.
func (u *UI) keepImport(req bunrouter.Request, sc *staffCtx, up importUpload, rep *command.ImportReport) error {
	var data io.Reader
	if up.data != nil {
		data = bytes.NewReader(up.data)
	}
	return u.app.Commands.StagedImports.Keep(req.Context(), sc.Session.Principal, command.StagedImport{Key: rep.Key,
		Name: up.name, Mapping: up.mapping, Header: rep.Header}, data)
}

// stagedImport is the upload the staff member previewed under the URL's key
// (false when it is gone: replaced, committed or expired).
func (u *UI) stagedImport(req bunrouter.Request, sc *staffCtx) (importUpload, bool, error) {
	s, ok, err := u.app.Commands.StagedImports.Get(req.Context(), sc.Session.Principal, req.Param("key"))
	if err != nil || !ok {
		return importUpload{}, false, err
	}
	return importUpload{name: s.Name, mapping: s.Mapping, staged: s}, true, nil
}
