package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/internal/buildinfo"
)

// A backup archive is a gzip-compressed tar: database/membership.db (the
// SQLite copy), files/… (the uploaded files), and last manifest.json, which
// lists every other entry with its size and SHA-256.
const (
	backupFormat   = "membership-backup"
	backupVersion  = 1
	dbEntry        = "database/membership.db"
	filesPrefix    = "files/"
	manifestEntry  = "manifest.json"
	maxBackupEntry = 1 << 40
)

// manifest describes a backup archive.
type manifest struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	Tool      string    `json:"tool"`
	Database  string    `json:"database"`
	Schema    string    `json:"schema"`
	Entries   []entry   `json:"entries"`
}

// entry is one file of the archive.
type entry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// backup is `memberctl backup DEST`: an online, consistent copy of the SQLite
// database (VACUUM INTO, while memberd keeps writing) and the files folder,
// into one archive with a manifest and checksums, written to DEST.tmp and
// renamed into place when complete.
func backup(cfg membership.Config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	files := fs.String("files", os.Getenv("MEMBERD_FILES"), "uploaded files: empty for DATA/files, or a folder (MEMBERD_FILES)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("backup: name the archive to write: memberctl backup DEST.tar.gz")
	}
	dest := fs.Arg(0)
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s exists already; name a new file", dest)
	}
	ctx := context.Background()
	db, err := bunstore.Open(ctx, dsnOf(cfg))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if db.IsPostgres() {
		return pgDump(ctx, dsnOf(cfg), dest, stdout) // the S3 bucket has its own tools
	}
	if strings.HasPrefix(*files, "s3://") {
		return errors.New("backup: the files are in an S3 bucket: back the bucket up with its own tools " +
			"(and PostgreSQL with pg_dump); memberctl backup covers SQLite and a files folder")
	}
	work, err := os.MkdirTemp(filepath.Dir(dest), ".backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(work)
	m := manifest{Format: backupFormat, Version: backupVersion, CreatedAt: time.Now().UTC(),
		Tool: "memberctl " + buildinfo.String(), Database: "sqlite"}
	if m.Schema, err = db.SchemaVersion(ctx); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	copyPath := filepath.Join(work, "membership.db")
	if err := db.CopyInto(ctx, copyPath); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	filesDir := *files
	if filesDir == "" {
		filesDir = filepath.Join(cfg.DataDir, "files")
	}
	if err := writeArchive(dest, copyPath, filesDir, &m); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "backup written to %s: database (schema %s) and %d files\n", dest, m.Schema,
		len(m.Entries)-1)
	return err
}

// dsnOf is the database the configuration names (default DATA/membership.db).
func dsnOf(cfg membership.Config) string {
	if cfg.DatabaseDSN != "" {
		return cfg.DatabaseDSN
	}
	return filepath.Join(cfg.DataDir, "membership.db")
}

// writeArchive writes the database copy, the files folder and the manifest to
// dest (through dest.tmp, synced, then renamed).
func writeArchive(dest, dbCopy, filesDir string, m *manifest) (err error) {
	tmp := dest + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- the operator's path
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, dbEntry, dbCopy, m); err != nil {
		return err
	}
	err = filepath.WalkDir(filesDir, func(p string, d fs.DirEntry, err error) error { // #nosec G703 -- the operator's files folder
		switch {
		case errors.Is(err, fs.ErrNotExist) && p == filesDir:
			return fs.SkipDir // no upload yet
		case err != nil:
			return err
		case !d.Type().IsRegular() || strings.HasPrefix(d.Name(), "."): // temporary uploads
			return nil
		}
		rel, err := filepath.Rel(filesDir, p)
		if err != nil {
			return err
		}
		return addFile(tw, filesPrefix+filepath.ToSlash(rel), p, m)
	})
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: manifestEntry, Mode: 0o600, Size: int64(len(body)), ModTime: m.CreatedAt}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	if err := errors.Join(tw.Close(), gz.Close()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dest)
}

// addFile streams one file into the archive and records its checksum.
func addFile(tw *tar.Writer, name, path string, m *manifest) error {
	f, err := os.Open(path) // #nosec G304 -- a file of the backup
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: info.Size(), ModTime: info.ModTime()}); err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.CopyN(io.MultiWriter(tw, h), f, info.Size())
	if err != nil {
		return fmt.Errorf("archive %s (did it shrink while being read?): %w", name, err)
	}
	m.Entries = append(m.Entries, entry{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}
