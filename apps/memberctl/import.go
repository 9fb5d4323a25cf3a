package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/ports"
)

// importMembers is `memberctl import FILE [-dry-run] [-staff USERNAME] [-map
// 表头=字段,…]`: 导入老会员 from the command line. It prints the preview (counts
// and every problem as row, column, message) and, without -dry-run, commits
// the rows without problems as one batch, printing its progress.
func importMembers(cfg membership.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "only check the file and print what would be imported")
	staffName := fs.String("staff", "", "the admin account the batch is recorded under (default: the only admin)")
	mapping := fs.String("map", "", "headers that differ from the template: 表头=字段,… (fields: kind, name, number, …)")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import: give one file: memberctl import FILE [-dry-run] [-staff USERNAME]")
	}
	path := fs.Arg(0)
	file := command.ImportFile{Name: filepath.Base(path), Open: func() (io.ReadCloser, error) {
		return os.Open(path) //nolint:gosec // G304: the operator names the file to import
	}}
	var err error
	if file.Mapping, err = parseMapping(*mapping); err != nil {
		return err
	}
	m, err := membership.New(cfg)
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }()
	ctx := context.Background()
	p, err := importPrincipal(ctx, m.Ports().Staff, *staffName)
	if err != nil {
		return err
	}
	c := m.App().Commands
	rep, err := c.PreviewImport.Handle(ctx, command.PreviewImport{Principal: p, File: file})
	if err != nil {
		return describe(err)
	}
	printReport(stdout, rep)
	if rep.Fatal {
		return errors.New("import: the file cannot be imported (see above)")
	}
	if *dry {
		_, err = fmt.Fprintln(stdout, "dry run: nothing was written")
		return err
	}
	progress := func(b ports.ImportBatch) {
		_, _ = fmt.Fprintf(stdout, "第%d批：开始导入 %d 行…\n", b.Seq, b.Total)
	}
	b, err := c.CommitImport.Handle(ctx, command.CommitImport{Principal: p, File: file, Key: rep.Key, Started: progress})
	if err != nil {
		return describe(err)
	}
	_, err = fmt.Fprintf(stdout, "第%d批导入完成：新建%d个、更新%d个会员，跳过%d行（批次 %s）\n", b.Seq, b.Created,
		b.Updated, rep.Skipped, b.ID)
	return err
}

// reorder puts the flags before the file, so that both orders work.
func reorder(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-dry-run" || a == "--dry-run" || strings.Contains(a, "="):
			flags = append(flags, a)
		case strings.HasPrefix(a, "-") && i+1 < len(args):
			flags = append(flags, a, args[i+1])
			i++
		default:
			rest = append(rest, a)
		}
	}
	return append(flags, rest...)
}

// parseMapping reads -map: 表头=字段 pairs separated by commas.
func parseMapping(s string) (map[string]legacyimport.Field, error) {
	out := map[string]legacyimport.Field{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, pair := range strings.Split(s, ",") {
		h, f, ok := strings.Cut(pair, "=")
		field, known := legacyimport.ParseField(f)
		if !ok || !known {
			return nil, fmt.Errorf("import: -map: %q is not 表头=字段 with a template field", pair)
		}
		out[strings.TrimSpace(h)] = field
	}
	return out, nil
}

// importPrincipal is the admin the batch is recorded under: the account
// named, or the only admin there is.
func importPrincipal(ctx context.Context, st ports.StaffRepository, username string) (access.Principal, error) {
	if username != "" {
		s, err := st.GetByUsername(ctx, username)
		if err != nil {
			return access.Principal{}, describe(err)
		}
		return access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: s.Role()}, nil
	}
	list, _, err := st.ListPage(ctx, ports.StaffPage{Limit: 1000})
	if err != nil {
		return access.Principal{}, err
	}
	var admins []access.Principal
	for _, s := range list {
		if s.Role() == access.RoleAdmin && !s.Disabled() {
			admins = append(admins, access.Principal{Kind: access.PrincipalStaff, ID: s.ID(), Role: s.Role()})
		}
	}
	if len(admins) != 1 {
		return access.Principal{}, errors.New("import: name the admin account with -staff USERNAME")
	}
	return admins[0], nil
}

// printReport prints a preview: counts, then every problem.
func printReport(w io.Writer, r *command.ImportReport) {
	_, _ = fmt.Fprintf(w, "%s：%d 行数据，将新建 %d 个、更新 %d 个会员，%d 行有问题将跳过\n", r.FileName, r.Rows,
		r.Creates, r.Updates, r.Skipped)
	for _, p := range r.Problems {
		_, _ = fmt.Fprintf(w, "  第%d行 %s：%s\n", p.Row, p.Column, p.Message)
	}
	if r.ProblemCount > len(r.Problems) {
		_, _ = fmt.Fprintf(w, "  …… 另有 %d 个问题未列出\n", r.ProblemCount-len(r.Problems))
	}
}
