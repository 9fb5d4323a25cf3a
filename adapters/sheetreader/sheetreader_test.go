package sheetreader_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/openassoc/membership/adapters/sheetreader"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// readAll reads every row, or the error that stopped the reading.
func readAll(t *testing.T, data []byte) ([][]string, error) {
	t.Helper()
	rows, err := sheetreader.New(sheetreader.Limits{}).Open(context.Background(), bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer func() { require.NoError(t, rows.Close()) }()
	var out [][]string
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

// code is the field code of a refused file.
func code(t *testing.T, err error) string {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind, "%v", err)
	require.Len(t, e.Fields, 1)
	assert.Equal(t, "file", e.Fields[0].Field)
	assert.NotEmpty(t, e.Fields[0].Message)
	return e.Fields[0].Code
}

const text = "会员类型,会员名称\n单位会员,星河科技有限公司\n"

var want = [][]string{{"会员类型", "会员名称"}, {"单位会员", "星河科技有限公司"}}

// UTF-8 with or without BOM and GBK read alike, by content.
func TestCSVEncodings(t *testing.T) {
	t.Parallel()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	require.NoError(t, err)
	for name, data := range map[string]string{"utf8": text, "bom": "\xEF\xBB\xBF" + text, "gbk": gbk,
		"tabs": strings.ReplaceAll(text, ",", "\t")} {
		got, err := readAll(t, []byte(data))
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
}

// What is no spreadsheet is refused by content, whatever its name.
func TestNotASpreadsheet(t *testing.T) {
	t.Parallel()
	_, err := readAll(t, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	assert.Equal(t, "file_type", code(t, err))
	_, err = readAll(t, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
	assert.Equal(t, "file_xls", code(t, err))
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("not a workbook"))
	require.NoError(t, zw.Close())
	_, err = readAll(t, b.Bytes())
	assert.Equal(t, "file_type", code(t, err))
	_, err = readAll(t, []byte("   \n"))
	assert.Equal(t, "file_empty", code(t, err))
}

// An XLSX made by Excel's rules (the template's StreamWriter) reads back.
func TestXLSX(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	for i, r := range want {
		cells := []any{r[0], r[1]}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, sw.SetRow(cell, cells))
	}
	require.NoError(t, sw.Flush())
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	got, err := readAll(t, b.Bytes())
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// rawXLSX is a minimal workbook whose first sheet is sheetData (and head,
// the elements before it).
func rawXLSX(t *testing.T, head, sheetData string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			head + `<sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = io.WriteString(w, body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

const headerRow = `<row r="1"><c r="A1" t="inlineStr"><is><t>会员类型</t></is></c></row>`

// XLSX bombs stop at the limits, each with a clear message.
func TestXLSXBombs(t *testing.T) {
	t.Parallel()
	_, err := readAll(t, rawXLSX(t, `<dimension ref="A1:XFD1048576"/>`, headerRow))
	assert.Equal(t, "file_dimension", code(t, err), "huge declared dimensions")

	rows, err := readAll(t, rawXLSX(t, "", headerRow+strings.Repeat("<row/>", 1_000_000)))
	assert.Equal(t, "file_empty_rows", code(t, err), "a sheet of a million empty rows")
	assert.Len(t, rows, 1)

	_, err = readAll(t, rawXLSX(t, "", headerRow+`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>`))
	assert.Equal(t, "file_empty_rows", code(t, err), "a cell in the last row")

	_, err = readAll(t, rawXLSX(t, "", headerRow+`<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>`))
	assert.Equal(t, "file_columns", code(t, err), "a cell in column XFD")
}

// 200 000 data rows are read; one more is refused.
func TestRowLimit(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := range ports.MaxImportRows {
		fmt.Fprintf(&b, "%d,x\n", i)
	}
	rows, err := readAll(t, []byte(b.String()))
	require.NoError(t, err)
	assert.Len(t, rows, ports.MaxImportRows+1)
	b.WriteString("200001,x\n")
	_, err = readAll(t, []byte(b.String()))
	assert.Equal(t, "file_too_many_rows", code(t, err))
	assert.Contains(t, apperr.As(err).Fields[0].Message, "200000")
}
