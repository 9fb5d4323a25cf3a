// Package tabular writes exports (导出) as spreadsheets, one row at a time: an
// XLSX sheet through excelize's StreamWriter (the rows go to a temporary file
// as they come, so memory stays flat whatever the number of rows) or CSV in
// UTF-8 with a byte-order mark (so that Excel opens Chinese text correctly).
// Every cell that a spreadsheet would read as a formula (it starts with = + -
// @, a tab or a carriage return) is written with a leading apostrophe.
package tabular

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Formats of the files.
const (
	XLSX = "xlsx"
	CSV  = "csv"
)

// Writer takes rows of text and writes the file when closed.
type Writer interface {
	// WriteRow adds one row.
	WriteRow(cells []string) error
	// Close finishes the file and writes what remains to the output.
	Close() error
}

// ContentType is the MIME type of format.
func ContentType(format string) string {
	if format == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// New returns a writer of format (XLSX or CSV) to out; sheet names the XLSX
// sheet.
func New(format string, out io.Writer, sheet string) (Writer, error) {
	switch format {
	case XLSX:
		return newXLSX(out, sheet)
	case CSV:
		return newCSV(out)
	}
	return nil, fmt.Errorf("tabular: unknown format %q", format)
}

// Neutralise returns s so that no spreadsheet reads it as a formula (formula
// injection): a leading = + - @ tab or carriage return gets an apostrophe.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

type csvWriter struct {
	buf *bufio.Writer
	w   *csv.Writer
}

func newCSV(out io.Writer) (*csvWriter, error) {
	buf := bufio.NewWriterSize(out, 64<<10)
	if _, err := buf.WriteString("\uFEFF"); err != nil {
		return nil, fmt.Errorf("tabular: csv bom: %w", err)
	}
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	return &csvWriter{buf: buf, w: w}, nil
}

func (c *csvWriter) WriteRow(cells []string) error {
	row := make([]string, len(cells))
	for i, s := range cells {
		row[i] = Neutralise(s)
	}
	if err := c.w.Write(row); err != nil {
		return fmt.Errorf("tabular: csv row: %w", err)
	}
	return nil
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("tabular: csv: %w", err)
	}
	if err := c.buf.Flush(); err != nil {
		return fmt.Errorf("tabular: csv flush: %w", err)
	}
	return nil
}

type xlsxWriter struct {
	out  io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	row  int
	vals []any
}

func newXLSX(out io.Writer, sheet string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if sheet != "" && sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return nil, errors.Join(fmt.Errorf("tabular: sheet name: %w", err), f.Close())
		}
	} else {
		sheet = "Sheet1"
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("tabular: stream writer: %w", err), f.Close())
	}
	return &xlsxWriter{out: out, f: f, sw: sw}, nil
}

func (x *xlsxWriter) WriteRow(cells []string) error {
	x.row++
	x.vals = x.vals[:0]
	for _, s := range cells {
		// Written as text cells: a member number or an ID number stays as typed.
		x.vals = append(x.vals, excelize.Cell{Value: Neutralise(s)})
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return fmt.Errorf("tabular: xlsx row %d: %w", x.row, err)
	}
	if err := x.sw.SetRow(cell, x.vals); err != nil {
		return fmt.Errorf("tabular: xlsx row %d: %w", x.row, err)
	}
	return nil
}

// Close writes the workbook. excelize builds the whole zip in a bytes.Buffer
// and then copies it to the output (WriteTo): for 100 000 rows that is the
// whole compressed file in memory, twice over while the buffer grows. Its zip
// writer hook (SetZipWriter) is given a writer on the output instead, so the
// zip streams out as it is compressed — the sheet's rows from the stream
// writer's temporary file — and the buffer stays empty. (The buffer is only
// needed to patch ZIP64 headers of parts over 4 GB, which an export never
// writes.)
func (x *xlsxWriter) Close() error {
	err := x.sw.Flush()
	if err == nil {
		x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(x.out) })
		_, err = x.f.WriteTo(io.Discard)
	}
	return errors.Join(err, x.f.Close())
}
