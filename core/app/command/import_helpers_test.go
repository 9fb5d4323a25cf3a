package command_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// importDeps are 导入老会员's dependencies on the env's store.
func (e *env) importDeps() command.ImportDeps {
	return command.ImportDeps{Sheets: csvSheets{}, Store: e.store.LegacyImports(),
		Members: e.store.Members(), Staff: e.store.Staff(), Tx: e.store.Transactor(), Authz: e.policy,
		Clock: e.clock, Audit: e.auditor(), Sequences: e.store.Sequences(), Pinyin: pinyinOf,
		Levels: member.DefaultLevels(), Formats: command.NumberFormats{Enterprise: member.DefaultEnterpriseNumbers,
			Individual: member.DefaultIndividualNumbers}}
}

// uscc returns a valid USCC numbered i.
func uscc(i int) string {
	first := fmt.Sprintf("91110108MA%07d", i)
	c, _ := application.USCCCheckChar(first)
	return first + string(c)
}

// idNumber returns a valid ID number numbered i (born 1990-03-07).
func idNumber(i int) string {
	first := fmt.Sprintf("11010519900307%03d", i%1000)
	c, _ := application.IDCheckChar(first)
	return first + string(c)
}

// header is the template's header row.
func header() []string {
	var h []string
	for _, c := range legacyimport.Columns() {
		h = append(h, c.Header)
	}
	return h
}

// row is a data row of the template's columns with the fields given.
func row(fields map[legacyimport.Field]string) []string {
	out := make([]string, len(legacyimport.Columns()))
	for i, c := range legacyimport.Columns() {
		out[i] = fields[c.Field]
	}
	return out
}

// enterprise is a valid enterprise row numbered i with the first contact 张三.
func enterprise(i int) map[legacyimport.Field]string {
	return map[legacyimport.Field]string{
		legacyimport.FieldKind: "单位会员", legacyimport.FieldName: fmt.Sprintf("星河%04d科技有限公司", i),
		legacyimport.FieldNumber: fmt.Sprintf("19%06d", i+1), legacyimport.FieldLevel: "普通会员",
		legacyimport.FieldValidFrom: "2024-01-01", legacyimport.FieldValidUntil: "2026-12-31",
		legacyimport.FieldRegNo: uscc(i), legacyimport.FieldIndustry: "制造业", legacyimport.FieldProvince: "北京市",
		legacyimport.FieldContactName: "张三", legacyimport.FieldContactMobile: "13800138000",
		legacyimport.FieldEmail: fmt.Sprintf("m%d@example.com", i), legacyimport.FieldJoinedOn: "2019-05-20",
	}
}

// with returns fields with changes.
func with(fields map[legacyimport.Field]string, changes map[legacyimport.Field]string) map[legacyimport.Field]string {
	out := map[legacyimport.Field]string{}
	for k, v := range fields {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// csvFile is an import file of the rows (the header first) as UTF-8 CSV.
func csvFile(t *testing.T, rows ...[]string) command.ImportFile {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll(rows))
	data := b.Bytes()
	return command.ImportFile{Name: "members.csv",
		Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// preview runs the dry run as p.
func (e *env) preview(p access.Principal, f command.ImportFile) (*command.ImportReport, error) {
	return command.NewPreviewImportHandler(e.importDeps()).Handle(e.ctx, command.PreviewImport{Principal: p, File: f})
}

// messages lists a report's problems as "row/column: message".
func messages(r *command.ImportReport) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, fmt.Sprintf("%d/%s: %s", p.Row, p.Column, p.Message))
	}
	return out
}

func hasMessage(r *command.ImportReport, row int, column, part string) bool {
	for _, p := range r.Problems {
		if p.Row == row && p.Column == column && strings.Contains(p.Message, part) {
			return true
		}
	}
	return false
}

// pinyinOf stands in for internal/pinyinkey.FullPinyin (tested there): the
// names of these tests.
func pinyinOf(name string) (string, bool) {
	p, ok := map[string]string{"张三": "zhangsan", "李四": "lisi"}[name]
	return p, ok
}

// csvSheets stands in for adapters/sheetreader (tested there): plain UTF-8
// CSV, no limits; anything that is no CSV is refused as the reader does.
type csvSheets struct{}

func (csvSheets) Open(_ context.Context, r io.Reader) (ports.SheetRows, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if bytes.ContainsRune(data, 0) {
		return nil, apperr.New(apperr.KindInvalid, "invalid_input", "文件不是 XLSX 或 CSV 表格")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	return &csvRows{r: cr}, nil
}

type csvRows struct {
	r    *csv.Reader
	line int
}

func (c *csvRows) Next() ([]string, error) {
	rec, err := c.r.Read()
	if err == nil {
		c.line++
	}
	return rec, err
}

func (c *csvRows) Line() int    { return c.line }
func (c *csvRows) Close() error { return nil }
