// Command memberctl administers a membership installation: migrate the database,
// create, disable and re-role staff accounts, print the version.
//
//	memberctl [-data DIR] [-db DSN] migrate
//	memberctl [-data DIR] [-db DSN] create-staff -username NAME -role ROLE [-name 姓名] [-email E] [-password P]
//	memberctl [-data DIR] [-db DSN] disable-staff -username NAME
//	memberctl [-data DIR] [-db DSN] set-staff-role -username NAME -role ROLE
//	memberctl [-data DIR] [-db DSN] backup [-files DIR] DEST.tar.gz
//	memberctl [-data DIR] [-db DSN] restore [-force] SRC.tar.gz
//	memberctl [-data DIR] [-db DSN] import FILE [-dry-run] [-staff USERNAME] [-map 表头=字段,…]
//	memberctl version
//
// The password may also come from MEMBERCTL_PASSWORD or, when neither is given, the
// first line of standard input.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/buildinfo"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "memberctl:", err)
		os.Exit(1)
	}
}

const usage = `usage: memberctl [-data DIR] [-db DSN] <command> [flags]

commands:
  migrate        create or upgrade the database schema
  create-staff   create a back-office account (roles: reviewer, finance, secretariat, admin)
  disable-staff  disable a back-office account: it cannot log in, its sessions end at once
  set-staff-role give a back-office account another role (open sessions get it at once)
  backup         write an online, consistent copy of the SQLite database and the files folder
                 into one archive with a manifest and checksums: backup DEST.tar.gz
  restore        check a backup archive and put it in place (stop memberd first; -force to
                 replace existing data): restore [-force] SRC.tar.gz
  import         导入老会员 from an XLSX or CSV file (the back office's template): import FILE
                 [-dry-run] [-staff USERNAME] [-map 表头=字段,…]; prints every problem, then the batch
  version        print the version`

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("memberctl", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(fs.Output(), usage); fs.PrintDefaults() }
	var cfg membership.Config
	fs.StringVar(&cfg.DataDir, "data", envOr("MEMBERD_DATA", "data"), "data folder (MEMBERD_DATA)")
	fs.StringVar(&cfg.DatabaseDSN, "db", os.Getenv("MEMBERD_DATABASE_DSN"), "database DSN (MEMBERD_DATABASE_DSN)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no command")
	}
	switch cmd, rest := fs.Arg(0), fs.Args()[1:]; cmd {
	case "version":
		_, err := fmt.Fprintln(stdout, "memberctl", buildinfo.String())
		return err
	case "migrate":
		m, err := membership.New(cfg) // New migrates
		if err != nil {
			return err
		}
		defer func() { _ = m.Close() }()
		_, err = fmt.Fprintln(stdout, "database is up to date")
		return err
	case "create-staff":
		return createStaff(cfg, rest, stdin, stdout)
	case "backup":
		return backup(cfg, rest, stdout)
	case "restore":
		return restore(cfg, rest, stdout)
	case "import":
		return importMembers(cfg, rest, stdout)
	case "disable-staff", "set-staff-role":
		return changeStaff(cfg, cmd, rest, stdout)
	default:
		fs.Usage()
		return fmt.Errorf("unknown command %q", cmd)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func createStaff(cfg membership.Config, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-staff", flag.ContinueOnError)
	var c command.CreateStaff
	fs.StringVar(&c.Username, "username", "", "user name for logging in (required)")
	fs.StringVar(&c.DisplayName, "name", "", "display name (default: the user name)")
	fs.StringVar(&c.Email, "email", "", "email address")
	fs.StringVar(&c.Role, "role", "", "reviewer, finance, secretariat or admin (required)")
	fs.StringVar(&c.Password, "password", os.Getenv("MEMBERCTL_PASSWORD"), "password (≥ 10, letters and digits; or MEMBERCTL_PASSWORD or stdin)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.Password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		c.Password = strings.TrimRight(line, "\r\n")
	}
	m, err := membership.New(cfg)
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }()
	id, err := m.App().Commands.CreateStaff.Handle(context.Background(), c)
	if err != nil {
		return describe(err)
	}
	_, err = fmt.Fprintf(stdout, "created staff account %s (%s) with role %s\n", c.Username, id, c.Role)
	return err
}

// changeStaff runs disable-staff or set-staff-role on the account -username names.
func changeStaff(cfg membership.Config, cmd string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	username := fs.String("username", "", "the account's user name (required)")
	role := new(string)
	if cmd == "set-staff-role" {
		role = fs.String("role", "", "reviewer, finance, secretariat or admin (required)")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New(cmd + ": -username is required")
	}
	m, err := membership.New(cfg)
	if err != nil {
		return err
	}
	defer func() { _ = m.Close() }()
	ctx, commands := context.Background(), m.App().Commands
	var done string
	if cmd == "disable-staff" {
		err = commands.DisableStaff.Handle(ctx, command.DisableStaff{Username: *username})
		done = "disabled staff account " + *username + "; its sessions have ended"
	} else {
		err = commands.ChangeStaffRole.Handle(ctx, command.ChangeStaffRole{Username: *username, Role: *role})
		done = "staff account " + *username + " now has role " + *role
	}
	if err != nil {
		return describe(err)
	}
	_, err = fmt.Fprintln(stdout, done)
	return err
}

// describe turns a core error into a readable line with its field messages.
func describe(err error) error {
	e := apperr.As(err)
	if len(e.Fields) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  -%s: %s", f.Field, f.Message)
	}
	return errors.New(b.String())
}
