package statement_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/adapters/statement"
)

// wideXLSX is the workbook of issue 9, finding 6: rows rows with one cell in
// column XFD (the last of 16384), declared as such (A1:XFD<rows>). Reading it
// with every row padded to the widest took about 900 MiB. (excelize's stream
// writer writes the cells alone; its in-memory sheet would pad them itself.)
func wideXLSX(t *testing.T, rows int) []byte {
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
	return withDimension(t, b.Bytes(), fmt.Sprintf("A1:XFD%d", rows))
}

// withDimension rewrites the used range the first worksheet declares (its
// <dimension ref>): a file may lie about it.
func withDimension(t *testing.T, data []byte, ref string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	dim := regexp.MustCompile(`<dimension ref="[^"]*"\s*(/>|></dimension>)`)
	for _, f := range zr.File {
		r, err := f.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		if f.Name == "xl/worksheets/sheet1.xml" {
			require.True(t, dim.Match(body), "excelize writes the dimension: %.300s", body)
			body = dim.ReplaceAll(body, []byte(`<dimension ref="`+ref+`"/>`))
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// allocated returns the bytes fn allocates (the whole process: not parallel).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestXLSXMemoryBombIsRefusedCheaply (issue 9, finding 6): 2000 rows with a
// cell in column XFD are refused with a field message — from the declared
// dimension before any row is read, or, when the dimension lies, at the first
// row too wide — in a few MiB instead of the ~900 MiB of padded rows.
func TestXLSXMemoryBombIsRefusedCheaply(t *testing.T) {
	bomb := wideXLSX(t, 2000)
	t.Logf("the workbook: %d bytes", len(bomb))
	cases := []struct {
		name string
		data []byte
	}{
		{"the dimension says A1:XFD2000", bomb},
		{"the dimension lies (A1:E5)", withDimension(t, bomb, "A1:E5")},
		{"the dimension is a single cell", withDimension(t, bomb, "A1")},
	}
	for _, tc := range cases {
		var err error
		alloc := allocated(func() { _, _, err = statement.New().Parse(ctx, "bomb.xlsx", tc.data) })
		t.Logf("%s: %d KiB allocated: %v", tc.name, alloc>>10, err)
		requireInvalid(t, err, "statement_too_wide", "列")
		assert.Less(t, alloc, uint64(16<<20), tc.name)
	}
}

// Rows beyond the line cap are refused from the dimension, before reading.
func TestXLSXTooManyRowsAreRefusedFromTheDimension(t *testing.T) {
	data := withDimension(t, xlsx(t,
		[]any{"交易日期", "金额", "对方户名", "摘要", "流水号"},
		[]any{"2019-09-24", 480, "乙", "会费", "X1"},
	), "A1:E1048576")
	var err error
	alloc := allocated(func() { _, _, err = statement.New().Parse(ctx, "long.xlsx", data) })
	requireInvalid(t, err, "statement_too_long", "最多")
	assert.Less(t, alloc, uint64(16<<20))
}

// withPart replaces (or adds) one part of an XLSX with open + n×item + end.
func withPart(t *testing.T, data []byte, part, open, item, end string, n int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	write := func(name string, body []byte) {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(body)
		require.NoError(t, err)
	}
	bomb := []byte(open + strings.Repeat(item, n) + end)
	for _, f := range zr.File {
		if f.Name == part {
			continue
		}
		r, err := f.Open()
		require.NoError(t, err)
		body, err := io.ReadAll(r)
		require.NoError(t, err)
		write(f.Name, body)
	}
	write(part, bomb)
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// The parts excelize reads whole are bounded too: a style table of 100 000
// empty styles (1.8 MB, 9 KB zipped) took 100 MiB to open, a shared string
// table of 500 000 one-letter strings (8.5 MB, 26 KB zipped) about 500 MiB to
// read; both are refused from the archive's directory and a scan of the tags.
func TestXLSXPartBombsAreRefusedBeforeOpening(t *testing.T) {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	base := xlsx(t,
		[]any{"交易日期", "金额", "对方户名", "摘要", "流水号"},
		[]any{"2019-09-24", 480, "乙", "会费", "X1"},
	)
	cases := []struct {
		name string
		data []byte
	}{
		{"styles", withPart(t, base, "xl/styles.xml", `<styleSheet `+ns+`><cellXfs>`, `<xf numFmtId="0"/>`,
			`</cellXfs></styleSheet>`, 100_000)},
		{"shared strings", withPart(t, base, "xl/sharedStrings.xml", `<sst `+ns+`>`, `<si><t>x</t></si>`,
			`</sst>`, 500_000)},
		{"prefixed shared strings", withPart(t, base, "xl/sharedStrings.xml", `<x:sst xmlns:x="`+ns[7:],
			`<x:si><x:t>x</x:t></x:si>`, `</x:sst>`, 200_000)},
	}
	for _, tc := range cases {
		var err error
		alloc := allocated(func() { _, _, err = statement.New().Parse(ctx, "bomb.xlsx", tc.data) })
		t.Logf("%s (%d bytes): %d KiB allocated", tc.name, len(tc.data), alloc>>10)
		requireInvalid(t, err, "statement_format", "过大")
		assert.Less(t, alloc, uint64(16<<20), tc.name)
	}
	_, lines := parse(t, "ok.xlsx", base)
	assert.Len(t, lines, 1, "an ordinary workbook passes")
}

// A sheet refused for its size before a header was found is passed over: the
// statement may be on the next sheet.
func TestXLSXWideCoverSheetIsPassedOver(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	require.NoError(t, err)
	require.NoError(t, sw.SetRow("XFD1", []any{"x"}))
	require.NoError(t, sw.Flush())
	_, err = f.NewSheet("对账单")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("对账单", "A1", &[]any{"交易日期", "金额", "对方户名", "摘要"}))
	require.NoError(t, f.SetSheetRow("对账单", "A2", &[]any{"2019-09-24", 480, "乙", "会费"}))
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	_, lines := parse(t, "two.xlsx", b.Bytes())
	require.Len(t, lines, 1)
	assert.Equal(t, "乙", lines[0].PayerName)
}
