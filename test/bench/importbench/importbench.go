// Package importbench is the shared part of the 导入老会员 benchmarks (on SQLite
// in test/bench, on PostgreSQL in test/integration): the XLSX of n members
// they import, the raw bulk insert of the same rows they compare with, and the
// import itself through the module's use cases (preview, then commit).
package importbench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/pinyinkey"
	"github.com/openassoc/membership/membershiptest"
)

// Rows is IMPORT_BENCH_ROWS, or 100 000.
func Rows() int {
	if n, err := strconv.Atoi(os.Getenv("IMPORT_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100000
}

// Row is the template's row numbered i (enterprise, first contact 张三).
func Row(i int) []any {
	first := fmt.Sprintf("91110108MA%07d", i)
	c, _ := application.USCCCheckChar(first)
	vals := map[legacyimport.Field]string{
		legacyimport.FieldKind: "单位会员", legacyimport.FieldName: fmt.Sprintf("导入基准%06d科技有限公司", i),
		legacyimport.FieldNumber: fmt.Sprintf("19%06d", i+1), legacyimport.FieldLevel: "普通会员",
		legacyimport.FieldValidFrom: "2026-01-01", legacyimport.FieldValidUntil: "2026-12-31",
		legacyimport.FieldRegNo: first + string(c), legacyimport.FieldIndustry: "制造业",
		legacyimport.FieldProvince: "北京市", legacyimport.FieldAddress: "北京市海淀区某某路1号",
		legacyimport.FieldPostalCode: "100080", legacyimport.FieldContactName: "张三",
		legacyimport.FieldContactMobile: "13800138000", legacyimport.FieldEmail: fmt.Sprintf("bench%d@example.com", i),
		legacyimport.FieldJoinedOn: "2019-05-20",
	}
	out := make([]any, 0, len(legacyimport.Columns()))
	for _, col := range legacyimport.Columns() {
		out = append(out, vals[col.Field])
	}
	return out
}

// WriteFile writes the XLSX of n rows (streamed) in a temporary directory
// of tb and returns its path.
func WriteFile(tb testing.TB, n int) string {
	tb.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	var header []any
	for _, col := range legacyimport.Columns() {
		header = append(header, col.Header)
	}
	if err := sw.SetRow("A1", header); err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, Row(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "members.xlsx")
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// RawInsert bulk-inserts the same n members into db without any check
// (bunstore's BulkInsertMembers) and returns how long the insert took.
func RawInsert(tb testing.TB, db *bunstore.DB, n int) time.Duration {
	tb.Helper()
	now := time.Now()
	rules := legacyimport.Rules{Levels: member.DefaultLevels(), Pinyin: pinyinkey.FullPinyin, Today: now}
	mapping, _ := legacyimport.MapHeaders(Header(), nil)
	snaps := make([]member.Snapshot, 0, n)
	for i := range n {
		cand, probs := legacyimport.Parse(i+2, mapping.Row(Strings(Row(i))), rules)
		if len(probs) > 0 {
			tb.Fatalf("row %d: %v", i, probs)
		}
		snaps = append(snaps, member.Import(cand.Entry, cand.Status, cand.JoinedOn,
			member.ImportedBy{Batch: 1, Staff: "bench", InitialUntil: now.Add(time.Hour)}, now).Snapshot())
	}
	start := time.Now()
	if err := db.BulkInsertMembers(context.Background(), snaps); err != nil {
		tb.Fatal(err)
	}
	return time.Since(start)
}

// Import previews and commits the file of n rows through the module's use
// cases in env, as an admin, and returns how long each step took.
func Import(tb testing.TB, env *membershiptest.Env, path string, n int) (preview, commit time.Duration) {
	tb.Helper()
	admin := env.Staff(tb, access.RoleAdmin)
	file := command.ImportFile{Name: "members.xlsx", Open: func() (io.ReadCloser, error) { return os.Open(path) }} // #nosec G304 -- the benchmark's own file
	ctx := context.Background()
	start := time.Now()
	rep, err := env.App.Commands.PreviewImport.Handle(ctx, command.PreviewImport{Principal: admin, File: file})
	if err != nil || rep.Creates != n {
		tb.Fatalf("preview: %v (%d creates, problems %v)", err, rep.Creates, rep.Problems)
	}
	preview = time.Since(start)
	start = time.Now()
	batch, err := env.App.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: admin, File: file,
		Key: rep.Key})
	if err != nil || batch.Created != n {
		tb.Fatalf("commit: %v (%d created)", err, batch.Created)
	}
	return preview, time.Since(start)
}

// Header is the template's header row.
func Header() []string {
	var h []string
	for _, col := range legacyimport.Columns() {
		h = append(h, col.Header)
	}
	return h
}

// Strings is a row's cells as text.
func Strings(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i], _ = v.(string)
	}
	return out
}
