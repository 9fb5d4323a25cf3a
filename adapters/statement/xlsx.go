package statement

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/payment"
)

// parseXLSX reads the first sheet that has a statement's header, row by row
// (excelize's streaming iterator, never the whole sheet at once): a sheet
// whose declared size is wider than MaxColumns or longer than maxRows is
// refused before any row is read, and so is a row found wider or further down
// while reading (the declared size may lie). A sheet refused before its
// header was found is passed over for the next one; its refusal is the
// answer when no sheet has a header.
func parseXLSX(data []byte) ([]payment.Line, error) {
	if err := checkParts(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLLimit, RawCellValue: true})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, invalid("statement_format", "文件不是有效的Excel（.xlsx）文件，请检查后重新导入")
		}
		return nil, invalid("statement_format", "无法读取Excel文件（可能已加密、过大或已损坏），请另存为.xlsx或.csv后重新导入")
	}
	defer func() { _ = f.Close() }()
	props, _ := f.GetWorkbookProps()
	cf := cellFormat{xlsx: true, d1904: props.Date1904 != nil && *props.Date1904}
	var refused error
	for _, sheet := range f.GetSheetList() {
		lines, err := readSheet(f, sheet, cf)
		var big sheetTooLarge
		switch {
		case errors.As(err, &big):
			if refused == nil {
				refused = big.err
			}
		case !errors.Is(err, errNoHeader):
			return lines, err // the first sheet with a statement's header
		}
	}
	if refused != nil {
		return nil, refused
	}
	return nil, headerOr(errNoHeader)
}

// sheetTooLarge is a sheet refused for its size before a statement header
// was found in it: another sheet may hold the statement.
type sheetTooLarge struct{ err error }

func (s sheetTooLarge) Error() string { return s.err.Error() }

// readSheet reads the lines of one sheet; errNoHeader when its first rows
// hold no statement header.
func readSheet(f *excelize.File, sheet string, cf cellFormat) ([]payment.Line, error) {
	if err := checkDimension(f, sheet); err != nil {
		return nil, sheetTooLarge{err}
	}
	unreadable := invalid("statement_format", fmt.Sprintf("无法读取Excel工作表「%s」", sheet))
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, unreadable
	}
	defer func() { _ = rows.Close() }()
	lr := lineReader{cf: cf}
	// The iterator yields every row number, the missing rows as empty ones:
	// n is the row's number in the sheet.
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, unreadable
		}
		var big error
		switch {
		case len(cells) > MaxColumns:
			big = tooWide(n)
		case n > maxRows && !blank(cells):
			big = tooLong()
		}
		if big != nil && !lr.found {
			return nil, sheetTooLarge{big}
		} else if big != nil {
			return nil, big
		}
		if err := lr.add(cells, n); err != nil {
			return nil, err
		}
	}
	if rows.Error() != nil {
		return nil, unreadable
	}
	return lr.result()
}

// checkDimension refuses a sheet whose declared used range (its <dimension>,
// read without loading the sheet) is wider or longer than a statement can be.
// A sheet that declares none is bounded while it is read.
func checkDimension(f *excelize.File, sheet string) error {
	ref, err := f.GetSheetDimension(sheet)
	if err != nil || ref == "" {
		return nil //nolint:nilerr // no usable declaration: the bounds hold while reading
	}
	cols, rows := 0, 0
	for _, name := range strings.Split(ref, ":") {
		c, r, err := excelize.CellNameToCoordinates(name)
		if err == nil {
			cols, rows = max(cols, c), max(rows, r)
		}
	}
	switch {
	case cols > MaxColumns:
		return tooWide(0)
	case rows > maxRows:
		return tooLong()
	}
	return nil
}
