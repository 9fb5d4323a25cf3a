//go:build integration

package integration

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/s3files"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
	"github.com/openassoc/membership/test/contract"
)

// s3Store opens the S3 file store on a bucket, under a prefix of its own.
func s3Store(t testing.TB, bucket, prefix string) *s3files.Store {
	t.Helper()
	s, err := s3files.New(context.Background(), s3files.Config{Endpoint: s3Endpoint(t), Bucket: bucket,
		Prefix: prefix, AccessKey: s3AccessKey, SecretKey: s3SecretKey})
	require.NoError(t, err)
	return s
}

// TestFileStoreContractOnS3 runs the file-store suite on SeaweedFS's S3
// gateway, each subtest under a key prefix of its own in one bucket.
func TestFileStoreContractOnS3(t *testing.T) {
	bucket := createBucket(t, "contract-"+randomHex(4))
	contract.RunFileStore(t, func(t *testing.T) ports.FileStore {
		return s3Store(t, bucket, randomHex(6)+"/")
	})
	t.Run("the content type is stored with the object", func(t *testing.T) {
		s, ctx := s3Store(t, bucket, "types/"), context.Background()
		require.NoError(t, s.Put(ctx, "scan.bin", strings.NewReader("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")))
		require.NoError(t, s.Put(ctx, "voucher.pdf", strings.NewReader("%PDF-1.7\n%…")))
		for key, want := range map[string]string{"scan.bin": "image/png", "voucher.pdf": "application/pdf"} {
			got, err := s.ContentType(ctx, key)
			require.NoError(t, err)
			assert.Equal(t, want, got, key)
		}
	})
}

// TestS3MissingBucketStopsMemberd: memberd started on a bucket that does not
// exist exits at once and says which bucket is missing.
func TestS3MissingBucketStopsMemberd(t *testing.T) {
	bin := memberdBinary(t)
	requireFlag(t, bin, "-files")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0", "-data", t.TempDir(),
		"-files", s3FilesURL("no-such-bucket", s3Endpoint(t)))
	cmd.Env = withoutMemberdEnv(cmd.Environ())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "memberd refuses to start:\n%s", out)
	assert.Contains(t, string(out), `bucket does not exist: "no-such-bucket"`)
	assert.Contains(t, string(out), "memberd: membership: Files:")
	assert.NotContains(t, string(out), s3SecretKey, "the secret stays out of the message")
}

// blockingReader yields n bytes, signals that it waits, and goes on with
// another m bytes once released.
type blockingReader struct {
	n, m    int
	waiting chan struct{}
	release chan struct{}
}

func (b *blockingReader) Read(p []byte) (int, error) {
	if b.n == 0 {
		if b.waiting != nil {
			close(b.waiting)
			b.waiting = nil
			<-b.release
		}
		if b.m == 0 {
			return 0, io.EOF
		}
		k := min(len(p), b.m)
		b.m -= k
		return k, nil
	}
	k := min(len(p), b.n)
	b.n -= k
	return k, nil
}

// TestS3DownDuringUpload stops the S3 server in the middle of a streamed
// upload (one part sent): the upload fails with an error naming the store,
// nothing of it is visible once the server is back, the old object is intact,
// and a retry works. It stops the shared container: not parallel.
func TestS3DownDuringUpload(t *testing.T) {
	ctr := seaweedfsSvc.container(t)
	bucket := createBucket(t, "fault-"+randomHex(4))
	s, ctx := s3Store(t, bucket, ""), context.Background()
	require.NoError(t, s.Put(ctx, "vouchers/m1.pdf", strings.NewReader("%PDF old")))

	r := &blockingReader{n: 6 << 20, m: 5 << 20, waiting: make(chan struct{}), release: make(chan struct{})}
	waiting := r.waiting
	result := make(chan error, 1)
	go func() { result <- s.Put(ctx, "vouchers/m1.pdf", r) }()
	<-waiting // the first 5 MiB part went out; the second is being read

	stopTimeout := 5 * time.Second
	require.NoError(t, ctr.Stop(ctx, &stopTimeout), "stop seaweedfs")
	restarted := false
	restart := func() {
		if !restarted {
			restarted = true
			require.NoError(t, ctr.Start(ctx), "start seaweedfs again")
		}
	}
	t.Cleanup(restart) // the other tests need S3, whatever happens here
	began := time.Now()
	close(r.release)
	err := <-result
	require.Error(t, err)
	assert.Contains(t, err.Error(), `s3files: store vouchers/m1.pdf in bucket "`+bucket+`"`)
	t.Logf("the upload failed after %.1f s: %v", time.Since(began).Seconds(), err)

	restart()
	require.Eventually(t, func() bool { return s.Ready(ctx) == nil }, 60*time.Second, 250*time.Millisecond)
	rc, err := s.Open(ctx, "vouchers/m1.pdf")
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	_ = rc.Close()
	assert.Equal(t, "%PDF old", string(b), "the old object is intact")
	_, err = s.Open(ctx, "vouchers/other.pdf")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound))
	uploads := s3Client(t).ListIncompleteUploads(ctx, bucket, "vouchers/", true)
	for u := range uploads {
		if u.Err == nil {
			t.Logf("an aborted upload the server still lists: %s (%s)", u.Key, u.UploadID)
		}
	}

	require.NoError(t, s.Put(ctx, "vouchers/m1.pdf", strings.NewReader("%PDF new")), "a retry works")
	rc, err = s.Open(ctx, "vouchers/m1.pdf")
	require.NoError(t, err)
	b, _ = io.ReadAll(rc)
	_ = rc.Close()
	assert.Equal(t, "%PDF new", string(b))
}
