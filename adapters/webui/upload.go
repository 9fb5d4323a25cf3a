package webui

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// maxUploadBody bounds the body of an upload form: the 10 MB file plus the
// multipart framing and the small fields beside it (the CSRF token). A file of
// 10 MB + 1 byte still fits, so that the core names the problem; anything much
// bigger is cut off here before it is parsed.
const maxUploadBody = application.MaxScanBytes + 64<<10

// Messages of refused uploads.
const (
	msgFileTooLarge  = "文件不能超过10MB"
	msgFileRequired  = "请选择要上传的文件"
	msgFileTooMany   = "只能上传1个PNG/JPG文件"
	scanUploadField  = "scan"
	uploadHint       = "只能上传1个PNG/JPG文件, 且不超过10MB."
	uploadAcceptList = ".png,.jpg,.jpeg,image/png,image/jpeg"
)

// upload is what protectUpload read of a multipart form.
type upload struct {
	form     *multipart.Form // nil when the body could not be read
	tooLarge bool            // the body exceeded maxUploadBody
}

type uploadKey struct{}

// uploadOf returns the upload protectUpload read for the request.
func uploadOf(req bunrouter.Request) *upload {
	up, _ := req.Context().Value(uploadKey{}).(*upload)
	if up == nil {
		return &upload{}
	}
	return up
}

// protectUpload guards a multipart upload form. It checks the cross-origin rules
// and the CSRF cookie first, bounds the body with http.MaxBytesReader before
// parsing it, and takes the CSRF token from the X-CSRF-Token header or the
// multipart field csrf_token. A body over the bound cannot show a token in its
// fields: the handler is then told the upload is too large and must change
// nothing.
func (u *UI) protectUpload(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		r := req.Request
		if err := u.csrf.precheck(r); err != nil {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.showError(w, req, errCSRF)
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
		up := &upload{}
		err := r.ParseMultipartForm(maxUploadBody)
		if r.MultipartForm != nil {
			defer func() { _ = r.MultipartForm.RemoveAll() }()
		}
		var tooLarge *http.MaxBytesError
		switch {
		case err == nil:
			up.form = r.MultipartForm
		case errors.As(err, &tooLarge):
			up.tooLarge = true
		}
		token := r.Header.Get(csrfHeader)
		if token == "" {
			token = r.PostForm.Get(csrfField) // multipart fields land in PostForm too
		}
		if err := matchToken(r, token); err != nil && !up.tooLarge {
			httpmw.Logger(req.Context(), u.log).Warn("csrf check failed", "path", req.URL.Path)
			return u.showError(w, req, errCSRF)
		}
		return next(w, req.WithContext(context.WithValue(req.Context(), uploadKey{}, up)))
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
	fail := func(status int, code, msg string) (*multipart.FileHeader, int, error) {
		var v apperr.Validation
		v.Add(field, code, msg)
		return nil, status, v.Err()
	}
	if up.tooLarge {
		return fail(http.StatusRequestEntityTooLarge, "file_too_large", msgFileTooLarge)
	}
	if up.form == nil {
		return fail(http.StatusUnprocessableEntity, "file_required", msgFileRequired)
	}
	total := 0
	for _, fs := range up.form.File {
		total += len(fs)
	}
	files := up.form.File[field]
	switch {
	case total > 1:
		return fail(http.StatusUnprocessableEntity, "too_many_files", tooMany)
	case len(files) == 0:
		return fail(http.StatusUnprocessableEntity, "file_required", msgFileRequired)
	}
	return files[0], http.StatusOK, nil
}

// contentDisposition builds a Content-Disposition header with an ASCII fallback
// name and the UTF-8 name of RFC 6266 / RFC 5987 (filename*=UTF-8”…).
func contentDisposition(kind, name, fallback string) string {
	return kind + `; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes a file name for filename*: only the attr-char set stays.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
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
