// Package localfiles implements ports.FileStore on a local folder: the embedded
// default for uploads. Writes are atomic (a temporary file renamed into place),
// keys are checked so that none can leave the folder, and files are private to
// the service's user (0600, folders 0750).
package localfiles

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// Store keeps files under one root folder.
type Store struct {
	root string
}

var _ ports.FileStore = (*Store)(nil)

// New returns a store on root, creating the folder when missing. Folders the
// store creates are its owner's only (0700), as are its files (0600): they hold
// members' stamped scans and payment vouchers.
func New(root string) (*Store, error) {
	if root == "" {
		return nil, errors.New("localfiles: empty root folder")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("localfiles: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("localfiles: create %s: %w", abs, err)
	}
	return &Store{root: abs}, nil
}

// Root returns the folder the store writes to.
func (s *Store) Root() string { return s.root }

// MaxKeyLen bounds a key.
const MaxKeyLen = 512

// ErrBadKey is returned for a key that is empty, too long, absolute, has empty,
// "." or ".." segments, backslashes or characters outside [A-Za-z0-9._-/].
var ErrBadKey = errors.New("localfiles: invalid key")

// path checks a key and returns its file path inside the root.
func (s *Store) path(key string) (string, error) {
	if key == "" || len(key) > MaxKeyLen || strings.HasPrefix(key, "/") {
		return "", fmt.Errorf("%w %q", ErrBadKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return "", fmt.Errorf("%w %q", ErrBadKey, key)
		}
		for _, r := range seg {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
			if !ok {
				return "", fmt.Errorf("%w %q", ErrBadKey, key)
			}
		}
	}
	p := filepath.Join(s.root, filepath.FromSlash(key))
	if !strings.HasPrefix(p, s.root+string(filepath.Separator)) {
		return "", fmt.Errorf("%w %q", ErrBadKey, key)
	}
	return p, nil
}

// Put writes the content to a temporary file in the key's folder, syncs it and
// renames it over the key, so that readers see the old file or the new one,
// never a part.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) (err error) {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("localfiles: create folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("localfiles: create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("localfiles: chmod: %w", err)
	}
	if _, err := io.Copy(tmp, ctxReader{ctx: ctx, r: r}); err != nil {
		return fmt.Errorf("localfiles: write %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("localfiles: sync %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("localfiles: close %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("localfiles: rename into %s: %w", key, err)
	}
	return nil
}

// Open returns the content of key; a missing key is an apperr NotFound.
func (s *Store) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p) // #nosec G304 -- p is a checked key inside the root
	if errors.Is(err, fs.ErrNotExist) {
		return nil, apperr.NotFound("file_not_found", "文件不存在")
	}
	if err != nil {
		return nil, fmt.Errorf("localfiles: open %s: %w", key, err)
	}
	return f, nil
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(_ context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("localfiles: delete %s: %w", key, err)
	}
	return nil
}

// ctxReader stops a copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
