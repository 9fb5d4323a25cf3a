package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// printNextSteps tells whoever started memberd by hand where the app is, where
// its data goes and what to do next: create a back-office account with the
// exact memberctl command for this data folder, then sign in.
func printNextSteps(w io.Writer, s settings, dataDir string) {
	url := strings.TrimSuffix(s.cfg.BaseURL, "/")
	cmd := memberctlCommand() + " -data " + shellQuote(dataDir)
	if s.cfg.DatabaseDSN != "" && os.Getenv("MEMBERD_DATABASE_DSN") == "" {
		cmd += " -db DSN" // the DSN memberd was given; not printed, it may hold a password
	}
	fmt.Fprintf(w, `
  memberd is running: %s
  data folder:        %s (database, mail/ with the sent emails as .eml files, files/ with uploads)

  Next: create a back-office account (roles: reviewer, finance, secretariat, admin),
  typing its password (≥ 10 characters, letters and digits) when the command waits for it:

    %s create-staff -username admin -role admin -name 管理员

  then sign in at %s/admin/login. Members register at %s/register.

`, url, dataDir, cmd, url, url)
}

// memberctlCommand is how to run memberctl from here: the binary beside this
// one (make build puts both in bin/), go run from the source tree when memberd
// itself runs through go run (make run), else memberctl on the PATH.
func memberctlCommand() string {
	exe, err := os.Executable()
	if err != nil {
		return "memberctl"
	}
	sibling := filepath.Join(filepath.Dir(exe), "memberctl")
	if _, err := os.Stat(sibling); err == nil {
		return shellQuote(sibling)
	}
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		return "go run ./apps/memberctl"
	}
	return "memberctl"
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	plain := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./:=@%+-", r)
	}
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !plain(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
