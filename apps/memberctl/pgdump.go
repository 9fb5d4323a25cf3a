package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
)

// pgDump backs a PostgreSQL database up with pg_dump's custom format (restore
// it with pg_restore; see README, Backup and restore) when pg_dump is
// installed. The password goes to pg_dump through PGPASSWORD, not its command
// line, which other users of the machine can read.
func pgDump(ctx context.Context, dsn, dest string, stdout io.Writer) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: the database is PostgreSQL and pg_dump is not installed: install the " +
			"PostgreSQL client of the server's version, or run `pg_dump -Fc` yourself (README, Backup and restore)")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("backup: the database URL: %w", err)
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file="+dest, "--dbname="+u.String()) // #nosec G204 -- pg_dump with the operator's settings
	cmd.Env = env
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		_ = os.Remove(dest)
		return fmt.Errorf("backup: pg_dump: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "PostgreSQL backup written to %s by pg_dump (restore: pg_restore --clean "+
		"--dbname=URL %s); back the S3 bucket up with its own tools\n", dest, dest)
	return err
}
