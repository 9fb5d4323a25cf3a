package webui

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/legacyimport"
)

// writeImportTemplate writes 导入老会员's template: an XLSX whose first row
// holds the Chinese headers (required ones marked ＊) and the second an
// example row, built with excelize's StreamWriter.
func writeImportTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const sheet = "导入老会员"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	cols := legacyimport.Columns()
	if err := sw.SetColWidth(1, len(cols), 18); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	header, example := make([]any, len(cols)), make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Header
		if c.Required {
			header[i] = c.Header + "＊"
		}
		example[i] = c.Example
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	if err := sw.SetRow("A2", example); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("webui: import template: %w", err)
	}
	return nil
}
