package httpkit_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// part is one part of a multipart body: a file when file is set, else a field.
type part struct {
	field, file, content string
}

// multipartRequest is a POST with a multipart/form-data body of the parts.
func multipartRequest(t *testing.T, parts ...part) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.file == "" {
			require.NoError(t, mw.WriteField(p.field, p.content))
			continue
		}
		fw, err := mw.CreateFormFile(p.field, p.file)
		require.NoError(t, err)
		_, err = fw.Write([]byte(p.content))
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, "/upload", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

const tooMany = "只能上传1个PNG/JPG文件"

func TestReadSingleFile(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 2048)
	tests := []struct {
		name     string
		parts    []part
		limit    int64
		tooLarge bool   // ParseUpload's error is TooLarge
		code     string // SingleFile's field error code; "" for the file
		message  string
		file     string
	}{
		{"one file", []part{{"scan", "表.png", "png"}, {"csrf_token", "", "t"}}, 1024, false, "", "", "表.png"},
		{"no file", []part{{"csrf_token", "", "t"}}, 1024, false, httpkit.CodeFileRequired, httpkit.MsgFileRequired, ""},
		{"the file in another field", []part{{"other", "a.png", "png"}}, 1024, false, httpkit.CodeFileRequired,
			httpkit.MsgFileRequired, ""},
		{"two files in the field", []part{{"scan", "a.png", "1"}, {"scan", "b.png", "2"}}, 1024, false,
			httpkit.CodeTooManyFiles, tooMany, ""},
		{"a second file in another field", []part{{"scan", "a.png", "1"}, {"other", "b.png", "2"}}, 1024, false,
			httpkit.CodeTooManyFiles, tooMany, ""},
		{"a body over the bound", []part{{"scan", "a.png", big}}, 1024, true, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := multipartRequest(t, tc.parts...)
			err := httpkit.ParseUpload(httptest.NewRecorder(), r, tc.limit)
			if r.MultipartForm != nil {
				t.Cleanup(func() { _ = r.MultipartForm.RemoveAll() })
			}
			if tc.tooLarge {
				require.Error(t, err)
				assert.True(t, httpkit.TooLarge(err), "TooLarge(%v)", err)
				return
			}
			require.NoError(t, err)
			fh, err := httpkit.SingleFile(r.MultipartForm, "scan", tooMany)
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.file, fh.Filename)
				return
			}
			assert.Nil(t, fh)
			e := apperr.As(err)
			assert.Equal(t, apperr.KindInvalid, e.Kind)
			assert.Equal(t, "invalid_input", e.Code)
			assert.Equal(t, []apperr.FieldError{{Field: "scan", Code: tc.code, Message: tc.message}}, e.Fields)
		})
	}
}

func TestParseUploadRefusesWhatIsNotMultipart(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodPost, "/upload", strings.NewReader(`{"a":1}`))
	r.Header.Set("Content-Type", "application/json")
	err := httpkit.ParseUpload(httptest.NewRecorder(), r, 1024)
	require.ErrorIs(t, err, http.ErrNotMultipart)
	assert.False(t, httpkit.TooLarge(err))
}

func TestSingleFileWithoutAForm(t *testing.T) {
	t.Parallel()
	fh, err := httpkit.SingleFile(nil, "voucher", "只能上传1个PDF/JPG文件")
	assert.Nil(t, fh)
	assert.Equal(t, []apperr.FieldError{{Field: "voucher", Code: httpkit.CodeFileRequired,
		Message: httpkit.MsgFileRequired}}, apperr.As(err).Fields)
}

func TestTooLarge(t *testing.T) {
	t.Parallel()
	assert.True(t, httpkit.TooLarge(&http.MaxBytesError{Limit: 1}))
	assert.False(t, httpkit.TooLarge(nil))
	assert.False(t, httpkit.TooLarge(http.ErrNotMultipart))
}
