// Package sheetreader reads uploaded spreadsheets row by row for 导入老会员:
// XLSX through excelize's streaming Rows iterator (the sheet is never loaded
// whole) and CSV in UTF-8 (with or without BOM) or GBK through
// golang.org/x/text. The kind is told by content. It stops at limits, so that
// a crafted file (a zip bomb, huge declared dimensions, a million empty rows,
// a cell in column XFD) costs little: each is refused with a Chinese message.
// It implements ports.SheetReader.
package sheetreader

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// Limits bound what a file may hold.
type Limits struct {
	// Rows is the most data rows (ports.MaxImportRows).
	Rows int
	// Columns is the most columns a row may reach.
	Columns int
	// EmptyRun is the most empty rows in a row before the file is refused.
	EmptyRun int
	// Unzipped is the most bytes an XLSX may unzip to.
	Unzipped int64
}

// DefaultLimits are the limits of the import.
func DefaultLimits() Limits {
	return Limits{Rows: ports.MaxImportRows, Columns: 100, EmptyRun: 10000, Unzipped: 1 << 30}
}

// Reader implements ports.SheetReader.
type Reader struct{ lim Limits }

var _ ports.SheetReader = (*Reader)(nil)

// New returns a reader with the given limits (DefaultLimits when zero).
func New(lim Limits) *Reader {
	if lim == (Limits{}) {
		lim = DefaultLimits()
	}
	return &Reader{lim: lim}
}

// refuse is the Invalid error on "file" of a refused file.
func refuse(code, msg string) error {
	var v apperr.Validation
	v.Add("file", code, msg)
	return v.Err()
}

// Open sniffs the content and starts reading the first sheet.
func (r *Reader) Open(_ context.Context, in io.Reader) (ports.SheetRows, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("sheetreader: read: %w", err)
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, refuse("file_empty", "文件是空的，请选择填好的导入文件")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return r.openXLSX(br)
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return nil, refuse("file_xls", "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再上传")
	case looksBinary(head):
		return nil, refuse("file_type", "文件不是 XLSX 或 CSV 表格，请使用导入模板")
	}
	return r.openCSV(br, head)
}

// looksBinary reports control bytes no text file has.
func looksBinary(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20 && c != 0x1b) {
			return true
		}
	}
	return false
}

// rows applies the limits common to both kinds to a source of raw rows.
type rows struct {
	lim   Limits
	next  func() ([]string, bool, error)
	close func() error
	line  int // rows returned, the header included
	data  int // data rows returned
	empty int // empty rows in a row
}

// Next returns the next row within the limits.
func (s *rows) Next() ([]string, error) {
	for {
		cells, ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, io.EOF
		}
		if len(cells) > s.lim.Columns {
			return nil, refuse("file_columns", fmt.Sprintf("第%d行的内容超出了第%d列，文件可能已损坏，请删除多余的列后重新上传",
				s.line+s.empty+1, s.lim.Columns))
		}
		if blank(cells) {
			s.empty++
			if s.empty > s.lim.EmptyRun {
				return nil, refuse("file_empty_rows", fmt.Sprintf("文件中有超过%d行连续的空行，请删除空行后重新上传", s.lim.EmptyRun))
			}
			continue
		}
		for ; s.empty > 0; s.empty-- { // empty rows inside the data keep their numbers
			s.line++
			if s.line > 1 {
				s.data++
			}
		}
		s.line++
		if s.line > 1 {
			s.data++
		}
		if s.data > s.lim.Rows {
			return nil, refuse("file_too_many_rows",
				fmt.Sprintf("文件超过 %d 行数据，请拆分为多个文件分批导入", s.lim.Rows))
		}
		return cells, nil
	}
}

// Line returns the file row number of the last row Next returned (the
// header is 1), counting the skipped empty rows.
func (s *rows) Line() int { return s.line }

// Close releases the file.
func (s *rows) Close() error { return s.close() }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// openXLSX opens an XLSX (read into memory, up to the upload's limit; the
// sheet itself is streamed from a temporary file when large).
func (r *Reader) openXLSX(in io.Reader) (ports.SheetRows, error) {
	f, err := excelize.OpenReader(in, excelize.Options{UnzipSizeLimit: r.lim.Unzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, refuse("file_type", "无法读取该 XLSX 文件（文件损坏或解压后过大），请另存后重新上传")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		_ = f.Close()
		return nil, refuse("file_type", "XLSX 文件中没有工作表")
	}
	if err := r.checkDimension(f, sheets[0]); err != nil {
		_ = f.Close()
		return nil, err
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		_ = f.Close()
		return nil, refuse("file_type", "无法读取该 XLSX 文件的工作表，请另存后重新上传")
	}
	next := func() ([]string, bool, error) {
		if !it.Next() {
			if err := it.Error(); err != nil {
				return nil, false, refuse("file_type", "XLSX 文件的行数超出了 Excel 的上限，文件可能已损坏")
			}
			return nil, false, nil
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, false, refuse("file_type", "无法读取 XLSX 文件的内容，文件可能已损坏")
		}
		return cells, true, nil
	}
	closeAll := func() error { return errors.Join(it.Close(), f.Close()) }
	return &rows{lim: r.lim, next: next, close: closeAll}, nil
}

// checkDimension refuses a sheet whose declared dimensions exceed the limits.
func (r *Reader) checkDimension(f *excelize.File, sheet string) error {
	ref, err := f.GetSheetDimension(sheet)
	if err != nil || ref == "" {
		return nil //nolint:nilerr // no declared dimension: the rows are checked one by one
	}
	last := ref[strings.LastIndex(ref, ":")+1:]
	col, row, err := excelize.CellNameToCoordinates(last)
	if err != nil {
		return refuse("file_dimension", "XLSX 文件声明的表格范围无效，文件可能已损坏")
	}
	if col > r.lim.Columns || row > r.lim.Rows+r.lim.EmptyRun+1 {
		return refuse("file_dimension", fmt.Sprintf("XLSX 文件声明的表格范围（%s）过大：最多 %d 列、%d 行数据，请删除多余的行列后重新上传",
			ref, r.lim.Columns, r.lim.Rows))
	}
	return nil
}
