package localfiles_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/localfiles"
	"github.com/openassoc/membership/core/apperr"
)

func newStore(t *testing.T) *localfiles.Store {
	t.Helper()
	s, err := localfiles.New(filepath.Join(t.TempDir(), "files"))
	require.NoError(t, err)
	return s
}

func read(t *testing.T, s *localfiles.Store, key string) string {
	t.Helper()
	r, err := s.Open(context.Background(), key)
	require.NoError(t, err)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

func TestPutOpenReplaceDelete(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), context.Background()
	require.NoError(t, s.Put(ctx, "scans/m1/a.png", strings.NewReader("first")))
	assert.Equal(t, "first", read(t, s, "scans/m1/a.png"))
	require.NoError(t, s.Put(ctx, "scans/m1/a.png", strings.NewReader("second")))
	assert.Equal(t, "second", read(t, s, "scans/m1/a.png"))

	info, err := os.Stat(filepath.Join(s.Root(), "scans", "m1", "a.png"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	dir, err := os.Stat(filepath.Join(s.Root(), "scans", "m1"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), dir.Mode().Perm(), "the owner's only")
	root, err := os.Stat(s.Root())
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), root.Mode().Perm(), "the root the store created")

	require.NoError(t, s.Delete(ctx, "scans/m1/a.png"))
	_, err = s.Open(ctx, "scans/m1/a.png")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound))
	assert.NoError(t, s.Delete(ctx, "scans/m1/a.png"), "deleting a missing key is fine")

	entries, err := os.ReadDir(filepath.Join(s.Root(), "scans", "m1"))
	require.NoError(t, err)
	assert.Empty(t, entries, "no temporary files are left behind")
}

func TestKeysCannotLeaveTheFolder(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), context.Background()
	outside := filepath.Join(filepath.Dir(s.Root()), "secret.txt")
	require.NoError(t, os.WriteFile(outside, []byte("secret"), 0o600))
	for _, key := range []string{"", "../secret.txt", "scans/../../secret.txt", "/etc/passwd", "scans//a.png",
		"scans/./a.png", `scans\..\a.png`, ".hidden", "scans/.upload-x", "a b.png", "scans/文件.png", "a\x00b",
		strings.Repeat("a", localfiles.MaxKeyLen+1)} {
		assert.ErrorIs(t, s.Put(ctx, key, strings.NewReader("x")), localfiles.ErrBadKey, "%q", key)
		_, err := s.Open(ctx, key)
		assert.ErrorIs(t, err, localfiles.ErrBadKey, "%q", key)
		assert.ErrorIs(t, s.Delete(ctx, key), localfiles.ErrBadKey, "%q", key)
	}
	b, err := os.ReadFile(outside)
	require.NoError(t, err)
	assert.Equal(t, "secret", string(b))
}

// failingReader fails after some bytes, like an upload cut off mid-way.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset")
	}
	n := min(len(p), f.n)
	for i := range n {
		p[i] = 'x'
	}
	f.n -= n
	return n, nil
}

func TestFailedWriteKeepsTheOldFile(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), context.Background()
	require.NoError(t, s.Put(ctx, "k.png", strings.NewReader("old")))
	err := s.Put(ctx, "k.png", &failingReader{n: 100_000})
	require.Error(t, err)
	assert.Equal(t, "old", read(t, s, "k.png"))
	entries, err := os.ReadDir(s.Root())
	require.NoError(t, err)
	assert.Len(t, entries, 1, "the temporary file was removed")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	assert.Error(t, s.Put(cancelled, "k.png", strings.NewReader("new")))
	assert.Equal(t, "old", read(t, s, "k.png"))
}

func TestConcurrentWritersNeverMix(t *testing.T) {
	t.Parallel()
	s, ctx := newStore(t), context.Background()
	contents := []string{strings.Repeat("a", 1<<18), strings.Repeat("b", 1<<18), strings.Repeat("c", 1<<18)}
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() { assert.NoError(t, s.Put(ctx, "same.png", bytes.NewReader([]byte(contents[i%3])))) })
	}
	wg.Wait()
	got := read(t, s, "same.png")
	assert.Contains(t, contents, got, "the file is one whole write")
}

func TestNewNeedsAFolder(t *testing.T) {
	t.Parallel()
	_, err := localfiles.New("")
	assert.Error(t, err)
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = localfiles.New(filepath.Join(file, "sub"))
	assert.Error(t, err)
}
