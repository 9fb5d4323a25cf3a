package security_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

// xfdWorkbook is the workbook of finding 6: rows rows with one cell in column
// XFD (the last of 16384), written by excelize's stream writer, which declares
// the used range as "A1"; declared rewrites that declaration (the
// <dimension> of the sheet) when it is not empty.
func xfdWorkbook(t *testing.T, rows int, declared string) []byte {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	require.NoError(t, err)
	for r := 1; r <= rows; r++ {
		require.NoError(t, sw.SetRow(fmt.Sprintf("XFD%d", r), []any{"x"}))
	}
	require.NoError(t, sw.Flush())
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	if declared == "" {
		return b.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	dim := regexp.MustCompile(`<dimension ref="[^"]*"\s*(/>|></dimension>)`)
	for _, zf := range zr.File {
		r, err := zf.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		if zf.Name == "xl/worksheets/sheet1.xml" {
			body = dim.ReplaceAll(body, []byte(`<dimension ref="`+declared+`"/>`))
		}
		w, err := zw.Create(zf.Name)
		require.NoError(t, err)
		_, err = w.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// TestFinding06StatementXLSXMemoryBomb (issue 9, finding 6): a 17 KB workbook of
// 2000 rows with one cell in column XFD, imported by finance, cost gigabytes
// (every row padded to 16384 cells). It is refused with a field message — from
// its declared size, or at its first row when the declaration lies — in a few
// MiB, and nothing is stored.
func TestFinding06StatementXLSXMemoryBomb(t *testing.T) {
	// Not parallel: the memory figures are the whole process's.
	env := membershiptest.New(t)
	token := uploadsStaffToken(t, env, access.RoleFinance)
	for _, declared := range []string{"A1:XFD2000", ""} {
		bomb := xfdWorkbook(t, 2000, declared)
		r := uploadsPost(t, env, "/statements", token, "statement", "对账单.xlsx", bomb)
		t.Logf("declared %q (%d bytes): %d in %v, %d KiB allocated, heap grew %d KiB",
			declared, len(bomb), r.Status, r.Took, r.Alloc>>10, r.Heap>>10)
		require.Equal(t, http.StatusUnprocessableEntity, r.Status, string(r.Body))
		fe := r.fieldError(t)
		assert.Equal(t, "statement", fe.Field)
		assert.Equal(t, "statement_too_wide", fe.Code)
		assert.Contains(t, fe.Message, "50列")
		assert.Less(t, r.Alloc, uint64(32<<20), "refused before the rows are padded")
		assert.Less(t, r.Heap, int64(32<<20))
	}
	assert.Zero(t, uploadsStatements(t, env), "nothing stored")
}
