package contract

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// RunFileStore runs the ports.FileStore suite: newStore returns an empty store
// per subtest (adapters/localfiles in every `go test ./...`, adapters/s3files on
// a SeaweedFS container in test/integration).
func RunFileStore(t *testing.T, newStore func(t *testing.T) ports.FileStore) {
	run(t, "put, open, replace, delete", func(t *testing.T) { filesRoundTrip(t, newStore(t)) })
	run(t, "binary content larger than one upload part comes back identical", func(t *testing.T) {
		filesLarge(t, newStore(t))
	})
	run(t, "a failed or cancelled write keeps the old content", func(t *testing.T) { filesFailedWrite(t, newStore(t)) })
	run(t, "keys that could leave the store are refused", func(t *testing.T) { filesBadKeys(t, newStore(t)) })
	run(t, "concurrent writers of one key never mix", func(t *testing.T) { filesConcurrent(t, newStore(t)) })
}

func readAll(t *testing.T, s ports.FileStore, key string) []byte {
	t.Helper()
	r, err := s.Open(context.Background(), key)
	require.NoError(t, err)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return b
}

func filesRoundTrip(t *testing.T, s ports.FileStore) {
	ctx := context.Background()
	_, err := s.Open(ctx, "scans/m1/none.png")
	requireKind(t, err, apperr.KindNotFound)
	require.NoError(t, s.Put(ctx, "scans/m1/a.png", strings.NewReader("first")))
	assert.Equal(t, "first", string(readAll(t, s, "scans/m1/a.png")))
	require.NoError(t, s.Put(ctx, "scans/m1/a.png", strings.NewReader("second")))
	assert.Equal(t, "second", string(readAll(t, s, "scans/m1/a.png")))
	require.NoError(t, s.Put(ctx, "scans/m1/empty.pdf", strings.NewReader("")))
	assert.Empty(t, readAll(t, s, "scans/m1/empty.pdf"), "an empty file is a file")

	require.NoError(t, s.Delete(ctx, "scans/m1/a.png"))
	_, err = s.Open(ctx, "scans/m1/a.png")
	requireKind(t, err, apperr.KindNotFound)
	require.NoError(t, s.Delete(ctx, "scans/m1/a.png"), "deleting a missing key is fine")
}

// pattern is a reader of n pseudo-random bytes that are cheap to make again.
func pattern(n int64, seed byte) io.Reader {
	return io.LimitReader(&patternReader{x: uint32(seed) + 1}, n)
}

type patternReader struct{ x uint32 }

func (p *patternReader) Read(b []byte) (int, error) {
	for i := range b {
		p.x = p.x*1664525 + 1013904223
		b[i] = byte(p.x >> 24)
	}
	return len(b), nil
}

func filesLarge(t *testing.T, s ports.FileStore) {
	const size = 11<<20 + 123 // more than two parts of an S3 multipart upload
	want := sha256.New()
	_, _ = io.Copy(want, pattern(size, 7))
	require.NoError(t, s.Put(context.Background(), "vouchers/big.pdf", pattern(size, 7)))
	r, err := s.Open(context.Background(), "vouchers/big.pdf")
	require.NoError(t, err)
	defer r.Close()
	got := sha256.New()
	n, err := io.Copy(got, r)
	require.NoError(t, err)
	assert.Equal(t, int64(size), n)
	assert.Equal(t, want.Sum(nil), got.Sum(nil), "the same bytes")
}

// failAfter yields n bytes, then fails like an upload cut off mid-way.
type failAfter struct{ n int }

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	n := min(len(p), f.n)
	copy(p, bytes.Repeat([]byte{'x'}, n))
	f.n -= n
	return n, nil
}

func filesFailedWrite(t *testing.T, s ports.FileStore) {
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, "k.png", strings.NewReader("old")))
	for _, n := range []int{100, 6 << 20} { // inside the first part, and after one was sent
		require.Error(t, s.Put(ctx, "k.png", &failAfter{n: n}))
		assert.Equal(t, "old", string(readAll(t, s, "k.png")), "after a failure at byte %d", n)
		require.Error(t, s.Put(ctx, "new.png", &failAfter{n: n}))
		_, err := s.Open(ctx, "new.png")
		requireKind(t, err, apperr.KindNotFound)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	require.Error(t, s.Put(cancelled, "k.png", strings.NewReader("new")))
	assert.Equal(t, "old", string(readAll(t, s, "k.png")))
	require.NoError(t, s.Put(ctx, "k.png", strings.NewReader("new")), "a retry works")
	assert.Equal(t, "new", string(readAll(t, s, "k.png")))
}

func filesBadKeys(t *testing.T, s ports.FileStore) {
	ctx := context.Background()
	for _, key := range []string{"", "../secret.txt", "scans/../../secret.txt", "/etc/passwd", "scans//a.png",
		"scans/./a.png", `scans\..\a.png`, ".hidden", "a b.png", "scans/文件.png", "a\x00b", "a?b", "a#b",
		strings.Repeat("a", 513)} {
		assert.Error(t, s.Put(ctx, key, strings.NewReader("x")), "%q", key)
		_, err := s.Open(ctx, key)
		assert.Error(t, err, "%q", key)
		assert.Error(t, s.Delete(ctx, key), "%q", key)
	}
}

func filesConcurrent(t *testing.T, s ports.FileStore) {
	ctx := context.Background()
	contents := []string{strings.Repeat("a", 1<<18), strings.Repeat("b", 1<<18), strings.Repeat("c", 1<<18)}
	var wg sync.WaitGroup
	for i := range 9 {
		wg.Go(func() { assert.NoError(t, s.Put(ctx, "same.png", strings.NewReader(contents[i%3]))) })
	}
	wg.Wait()
	assert.Contains(t, contents, string(readAll(t, s, "same.png")), "the file is one whole write")
}
