package webui

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/internal/httpkit"
)

// maxUploadBody bounds the body of an upload form: the 10 MB file plus the
// multipart framing and the small fields beside it (the CSRF token). A file of
// 10 MB + 1 byte still fits, so that the core names the problem; anything much
// bigger is cut off here before it is parsed.
const maxUploadBody = application.MaxScanBytes + 64<<10

// Messages of refused uploads (besides httpkit's).
const (
	msgFileTooMany   = "只能上传1个PNG/JPG文件"
	scanUploadField  = "scan"
	uploadHint       = "只能上传1个PNG/JPG文件, 且不超过10MB."
	uploadAcceptList = ".png,.jpg,.jpeg,image/png,image/jpeg"
)

// upload is what readUpload read of a multipart form.
type upload struct {
	form     *multipart.Form // nil when the body could not be read
	tooLarge bool            // the body exceeded maxUploadBody
}

type uploadKey struct{}

// uploadOf returns the upload readUpload read for the request.
func uploadOf(req bunrouter.Request) *upload {
	up, _ := req.Context().Value(uploadKey{}).(*upload)
	if up == nil {
		return &upload{}
	}
	return up
}

// memberUpload is the guard of a member's upload form: the CSRF checks that need
// no body (protectUpload), then the portal's own guard (memberOnly: the session
// and the role, asked of the core), and only then is the body read
// (readUpload). A request without a live session, or of a principal who may
// not use the page, is answered before a byte of its body is read.
func (u *UI) memberUpload(h func(http.ResponseWriter, bunrouter.Request, *memberCtx) error) bunrouter.HandlerFunc {
	return u.protectUpload(u.memberOnly(readUpload(u, h)))
}

// financeUpload is memberUpload for the finance pages (financeOnly).
func (u *UI) financeUpload(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.protectUpload(u.financeOnly(readUpload(u, h)))
}

// protectUpload is the part of an upload form's CSRF check that reads no body:
// the cross-origin rules and a token to compare with. The token itself is in
// the body; readUpload compares it.
func (u *UI) protectUpload(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		if err := u.csrf.precheck(req.Request); err != nil {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.showError(w, req, errCSRF)
		}
		return next(w, req)
	}
}

// readUpload reads the multipart body of a request the page's guard let
// through: it bounds the body with http.MaxBytesReader before parsing it, and
// takes the CSRF token from the X-CSRF-Token header or the multipart field
// csrf_token. A body over the bound cannot show a token in its fields: the
// handler is then told the upload is too large and must change nothing. The
// handler finds the upload with uploadOf; its temporary files are removed when
// it returns.
func readUpload[C any](u *UI, h func(http.ResponseWriter, bunrouter.Request, C) error) func(http.ResponseWriter, bunrouter.Request, C) error {
	return func(w http.ResponseWriter, req bunrouter.Request, c C) error {
		r := req.Request
		up := &upload{}
		err := httpkit.ParseUpload(w, r, maxUploadBody)
		if r.MultipartForm != nil {
			defer func() { _ = r.MultipartForm.RemoveAll() }()
		}
		switch {
		case err == nil:
			up.form = r.MultipartForm
		case httpkit.TooLarge(err):
			up.tooLarge = true
		}
		token := r.Header.Get(csrfHeader)
		if token == "" {
			token = r.PostForm.Get(csrfField) // multipart fields land in PostForm too
		}
		if err := u.csrf.match(r, token); err != nil && !up.tooLarge {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.showError(w, req, errCSRF)
		}
		return h(w, req.WithContext(context.WithValue(req.Context(), uploadKey{}, up)), c)
	}
}

// singleFile returns the one file of the form's field, or the field error (with
// the HTTP status) that explains why there is none: the body was too large, no
// file was chosen, or more than one file came (in that field or any other).
func (up *upload) singleFile(field string) (*multipart.FileHeader, int, error) {
	return up.singleFileOf(field, msgFileTooMany)
}

// singleFileOf is singleFile with the form's own message for more than one file
// (「只能上传1个PDF/JPG文件」).
func (up *upload) singleFileOf(field, tooMany string) (*multipart.FileHeader, int, error) {
	if up.tooLarge {
		var v apperr.Validation
		v.Add(field, httpkit.CodeFileTooLarge, httpkit.MsgFileTooLarge)
		return nil, http.StatusRequestEntityTooLarge, v.Err()
	}
	fh, err := httpkit.SingleFile(up.form, field, tooMany)
	if err != nil {
		return nil, http.StatusUnprocessableEntity, err
	}
	return fh, http.StatusOK, nil
}

// writeFile sends a private file: no cache keeps it, the browser never sniffs
// another type, and opened on its own it runs nothing.
func writeFile(w http.ResponseWriter, contentType, disposition string, size int64, body io.Reader) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", disposition)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if size > 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.WriteHeader(http.StatusOK)
	_, err := io.Copy(w, body)
	return err
}
