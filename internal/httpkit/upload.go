package httpkit

import (
	"errors"
	"mime/multipart"
	"net/http"

	"github.com/openassoc/membership/core/apperr"
)

// Codes and messages of a refused upload, the same in both adapters.
const (
	CodeFileTooLarge = "file_too_large"
	MsgFileTooLarge  = "文件不能超过10MB"
	CodeFileRequired = "file_required"
	MsgFileRequired  = "请选择要上传的文件"
	CodeTooManyFiles = "too_many_files"
)

// ParseUpload reads the multipart form of r: it bounds the body to limit bytes
// with http.MaxBytesReader before anything is read, so that a huge body is cut
// off instead of parsed, and keeps up to limit bytes of it in memory (the rest in
// temporary files, which r.MultipartForm.RemoveAll removes). An error satisfies
// TooLarge when the body was over the bound.
func ParseUpload(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	return r.ParseMultipartForm(limit) //nolint:gosec // G120: the body is bounded by MaxBytesReader just above
}

// TooLarge reports whether err (of ParseUpload) is a body over its bound.
func TooLarge(err error) bool {
	var big *http.MaxBytesError
	return errors.As(err, &big)
}

// SingleFile returns the one file of the form, which must come in field, or the
// field error that says why there is none: more than one file (in that field or
// any other) is too_many_files with the form's own message tooMany (e.g.
// 「只能上传1个PNG/JPG文件」), no file (or no form) is file_required. The error is
// an apperr Invalid error.
func SingleFile(form *multipart.Form, field, tooMany string) (*multipart.FileHeader, error) {
	var v apperr.Validation
	if form == nil {
		v.Add(field, CodeFileRequired, MsgFileRequired)
		return nil, v.Err()
	}
	total := 0
	for _, fs := range form.File {
		total += len(fs)
	}
	files := form.File[field]
	switch {
	case total > 1:
		v.Add(field, CodeTooManyFiles, tooMany)
	case len(files) == 0:
		v.Add(field, CodeFileRequired, MsgFileRequired)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return files[0], nil
}
