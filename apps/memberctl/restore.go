package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/bunstore"
)

// restore is `memberctl restore [-force] SRC`: it unpacks the archive into a
// staging folder beside the data folder, checks it whole — every entry listed in
// the manifest with its size and checksum, nothing else, a schema this build
// knows — and only then puts the database and the files in place. Existing
// data is replaced only with -force. Stop memberd first.
func restore(cfg membership.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	force := fs.Bool("force", false, "replace the database and files that are there")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore: name the archive to read: memberctl restore [-force] SRC.tar.gz")
	}
	dbPath, err := bunstore.SQLiteFile(dsnOf(cfg))
	if err != nil {
		return fmt.Errorf("restore: the database must be an SQLite file (PostgreSQL: pg_restore): %w", err)
	}
	filesDir := filepath.Join(cfg.DataDir, "files")
	if !*force {
		if err := refuseExisting(dbPath, filesDir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	stage, err := os.MkdirTemp(cfg.DataDir, ".restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(stage)
	m, err := unpack(fs.Arg(0), stage)
	if err != nil {
		return fmt.Errorf("restore: %s is not a usable backup: %w", fs.Arg(0), err)
	}
	latest, err := bunstore.LatestSchemaVersion("sqlite")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if m.Schema > latest {
		return fmt.Errorf("restore: the backup's database schema %s is newer than this memberctl knows (%s): "+
			"restore it with the release that wrote it (%s) or a newer one", m.Schema, latest, m.Tool)
	}
	if err := install(stage, dbPath, filesDir); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "restored %s (made %s, schema %s, %d files) into %s\n", fs.Arg(0),
		m.CreatedAt.Format("2006-01-02 15:04:05 MST"), m.Schema, len(m.Entries)-1, cfg.DataDir)
	return err
}

// refuseExisting fails when there is a database or uploaded files already.
func refuseExisting(dbPath, filesDir string) error {
	if info, err := os.Stat(dbPath); err == nil && info.Size() > 0 {
		return fmt.Errorf("restore: %s exists: restoring would replace it; stop memberd and add -force to do so", dbPath)
	}
	if entries, err := os.ReadDir(filesDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore: %s holds files: restoring would replace them; add -force to do so", filesDir)
	}
	return nil
}

// unpack reads the archive into stage and checks it against its manifest.
func unpack(src, stage string) (manifest, error) {
	var m manifest
	f, err := os.Open(src) // #nosec G304 -- the operator's archive
	if err != nil {
		return m, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("not a gzip archive: %w", err)
	}
	tr := tar.NewReader(gz)
	got := map[string]entry{}
	var body []byte
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("damaged or truncated: %w", err)
		}
		if hdr.Name == manifestEntry {
			if body, err = io.ReadAll(io.LimitReader(tr, 64<<20)); err != nil {
				return m, fmt.Errorf("damaged or truncated manifest: %w", err)
			}
			continue
		}
		e, err := extract(tr, hdr, stage)
		if err != nil {
			return m, err
		}
		got[e.Path] = e
	}
	if _, err := io.Copy(io.Discard, gz); err != nil { // #nosec G110 -- discarded, nothing kept: reaches the gzip checksum at the end
		return m, fmt.Errorf("damaged or truncated: %w", err)
	}
	if body == nil {
		return m, errors.New("no manifest (truncated?)")
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("unreadable manifest: %w", err)
	}
	return m, check(m, got)
}

// extract writes one entry under stage and returns its size and checksum.
func extract(tr *tar.Reader, hdr *tar.Header, stage string) (entry, error) {
	name := hdr.Name
	clean := path.Clean(name)
	if hdr.Typeflag != tar.TypeReg || clean != name || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "..") ||
		(name != dbEntry && !strings.HasPrefix(name, filesPrefix)) || hdr.Size > maxBackupEntry {
		return entry{}, fmt.Errorf("unexpected entry %q", name)
	}
	dst := filepath.Join(stage, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return entry{}, err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- checked above
	if err != nil {
		return entry{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), tr)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return entry{}, fmt.Errorf("damaged or truncated at %s: %w", name, err)
	}
	return entry{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// check compares what the archive held with its manifest.
func check(m manifest, got map[string]entry) error {
	if m.Format != backupFormat || m.Version != backupVersion {
		return fmt.Errorf("manifest of format %q version %d, not %s version %d", m.Format, m.Version,
			backupFormat, backupVersion)
	}
	if m.Database != "sqlite" {
		return fmt.Errorf("a %s backup: restore it with that database's tools", m.Database)
	}
	listed := map[string]bool{}
	for _, e := range m.Entries {
		listed[e.Path] = true
		g, ok := got[e.Path]
		switch {
		case !ok:
			return fmt.Errorf("%s is listed in the manifest but missing", e.Path)
		case g.Size != e.Size || g.SHA256 != e.SHA256:
			return fmt.Errorf("%s does not match its checksum (corrupt)", e.Path)
		}
	}
	for p := range got {
		if !listed[p] {
			return fmt.Errorf("%s is not in the manifest", p)
		}
	}
	if !listed[dbEntry] {
		return errors.New("no database in the archive")
	}
	return nil
}

// install moves the staged database and files into place, replacing what is
// there (the old files folder is removed only once the new one is in place).
func install(stage, dbPath, filesDir string) error {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return err
	}
	if err := bunstore.RemoveSQLite(dbPath); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(stage, filepath.FromSlash(dbEntry)), dbPath); err != nil {
		return err
	}
	staged := filepath.Join(stage, "files")
	if err := os.MkdirAll(staged, 0o700); err != nil { // a backup without files restores an empty folder
		return err
	}
	old := filesDir + ".old-restore"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(filesDir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(staged, filesDir); err != nil {
		return err
	}
	return os.RemoveAll(old)
}
