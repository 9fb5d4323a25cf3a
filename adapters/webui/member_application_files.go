package webui

import (
	"bytes"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberApplicationScan serves the member's own stamped scan (the preview on
// step ③).
func (u *UI) memberApplicationScan(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.serveScan(w, req, mc.Session.Principal, "")
}

// memberApplicationPDF is 「前往下载文件」: the filled form as a PDF to print.
func (u *UI) memberApplicationPDF(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.servePDF(w, req, mc.Session.Principal, "")
}

// serveScan sends a stamped scan with the content type checked at upload, to its
// owner or to staff allowed to read applications; anybody else gets 404.
func (u *UI) serveScan(w http.ResponseWriter, req bunrouter.Request, p access.Principal, memberID string) error {
	f, err := u.app.Queries.ApplicationScan.Handle(req.Context(), query.ApplicationScan{Principal: p, MemberID: memberID})
	if err != nil {
		return u.showError(w, req, err)
	}
	defer func() { _ = f.Body.Close() }()
	ext := ".jpg"
	if f.ContentType == "image/png" {
		ext = ".png"
	}
	return writeFile(w, f.ContentType, httpkit.ContentDisposition("inline", f.FileName, "scan"+ext), f.Size, f.Body)
}

// servePDF sends the filled application form as a PDF download.
func (u *UI) servePDF(w http.ResponseWriter, req bunrouter.Request, p access.Principal, memberID string) error {
	doc, err := u.app.Queries.ApplicationPDF.Handle(u.docContext(req.Request), query.ApplicationPDF{Principal: p, MemberID: memberID})
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "application.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}
