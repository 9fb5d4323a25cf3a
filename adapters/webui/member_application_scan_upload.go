package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberApplicationScanUpload takes the stamped scan (上传): exactly one PNG or
// JPG file of at most 10 MB in the field "scan", checked by its content in the
// core. A refused file is reported under the file input and nothing is stored.
func (u *UI) memberApplicationScanUpload(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	fh, status, err := uploadOf(req).singleFile(scanUploadField)
	if err == nil {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		_, err = u.app.Commands.UploadApplicationScan.Handle(req.Context(), command.UploadApplicationScan{
			Principal: mc.Session.Principal, FileName: fh.Filename, Content: file})
		_ = file.Close()
		if err == nil {
			return redirectDone(w, req, appUploadPath, "uploaded")
		}
		status = httpkit.Status(apperr.As(err).Kind)
	}
	return u.stepThreeFailed(w, req, mc, status, err)
}

// stepThreeFailed re-renders step ③ with the messages of a refused upload or
// submission, under their fields. Errors that are not the member's input get the
// error page.
func (u *UI) stepThreeFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, status int, err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	av, qerr := u.memberApplication(req, mc)
	if qerr != nil {
		return u.showError(w, req, qerr)
	}
	if to := uploadDetour(av); to != "" {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	u.render(w, req, status, "application_upload.html", u.uploadPage(p, mc, av))
	return nil
}
