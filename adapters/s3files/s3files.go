// Package s3files implements ports.FileStore on an S3-compatible object store
// (Amazon S3, SeaweedFS, Ceph RGW …) through minio-go, so that several
// instances of memberd share uploaded files.
//
// Uploads stream: the content is sent as a multipart upload in parts of
// Config.PartSize (5 MiB, the S3 minimum, by default), so an upload holds at
// most one part in memory whatever the file's size. The object appears only when
// the upload completes; a failed or cancelled upload is aborted and leaves the
// previous object (or none) in place. Downloads stream from the response body.
// The content type is stored with the object, sniffed from its first bytes.
package s3files

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// DefaultPartSize is the size of one part of a streamed upload, the smallest
// S3 accepts: the most an upload holds in memory.
const DefaultPartSize = 5 << 20

// Store keeps files as objects of one bucket, under an optional key prefix.
type Store struct {
	client   *minio.Client
	bucket   string
	prefix   string
	partSize uint64
	endpoint string
}

var _ ports.FileStore = (*Store)(nil)

// New connects to the endpoint and checks that the bucket exists (within
// Config.StartTimeout, 15 s by default): a missing bucket or an unreachable
// server is an error that says so, so that a misconfigured instance refuses to
// start instead of failing on the first upload.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	creds := credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, "")
	if cfg.AccessKey == "" {
		// The usual environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or MINIO_*.
		creds = credentials.NewChainCredentials([]credentials.Provider{&credentials.EnvAWS{}, &credentials.EnvMinio{}})
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{Creds: creds, Secure: cfg.Secure, Region: cfg.Region,
		BucketLookup: minio.BucketLookupPath})
	if err != nil {
		return nil, fmt.Errorf("s3files: endpoint %s: %w", cfg.Endpoint, err)
	}
	s := &Store{client: client, bucket: cfg.Bucket, prefix: cfg.Prefix, partSize: cfg.PartSize,
		endpoint: cfg.Endpoint}
	if s.partSize == 0 {
		s.partSize = DefaultPartSize
	}
	timeout := cfg.StartTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.Ready(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// ErrNoBucket is returned by New and Ready when the bucket does not exist.
var ErrNoBucket = errors.New("s3files: bucket does not exist")

// Ready checks that the server answers and the bucket exists.
func (s *Store) Ready(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3files: S3 server %s does not answer for bucket %q: %w", s.endpoint, s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("%w: %q at %s (create it first, e.g. `aws s3 mb s3://%s` or `weed shell` s3.bucket.create)",
			ErrNoBucket, s.bucket, s.endpoint, s.bucket)
	}
	return nil
}

// Put streams the content into the object of key. The object is replaced only
// when the whole content arrived; on any error (the reader's, the server's, a
// cancelled context) the multipart upload is aborted.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 512)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("s3files: read %s: %w", key, err)
	}
	_, err = s.client.PutObject(ctx, s.bucket, name, br, -1, minio.PutObjectOptions{
		ContentType: contentType(key, head), PartSize: s.partSize})
	if err != nil {
		return fmt.Errorf("s3files: store %s in bucket %q at %s: %w", key, s.bucket, s.endpoint, err)
	}
	return nil
}

// Open returns the content of key, streamed from the server; a missing key is
// an apperr NotFound.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	name, err := s.object(key)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err == nil {
		_, err = obj.Stat() // sends the request: a missing object shows here
	}
	if err != nil {
		if obj != nil {
			_ = obj.Close()
		}
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, apperr.NotFound("file_not_found", "文件不存在")
		}
		return nil, fmt.Errorf("s3files: open %s in bucket %q at %s: %w", key, s.bucket, s.endpoint, err)
	}
	return obj, nil
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil &&
		minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return fmt.Errorf("s3files: delete %s in bucket %q at %s: %w", key, s.bucket, s.endpoint, err)
	}
	return nil
}

// ContentType returns the content type stored with key (for tests and tools).
func (s *Store) ContentType(ctx context.Context, key string) (string, error) {
	name, err := s.object(key)
	if err != nil {
		return "", err
	}
	info, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if err != nil {
		return "", fmt.Errorf("s3files: stat %s: %w", key, err)
	}
	return info.ContentType, nil
}

// contentType is the type sniffed from the first bytes, or the one the key's
// extension names when sniffing finds nothing specific.
func contentType(key string, head []byte) string {
	if ct := http.DetectContentType(head); ct != "application/octet-stream" && !strings.HasPrefix(ct, "text/plain") {
		return ct
	}
	switch {
	case strings.HasSuffix(key, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(key, ".png"):
		return "image/png"
	case strings.HasSuffix(key, ".jpg"), strings.HasSuffix(key, ".jpeg"):
		return "image/jpeg"
	}
	return http.DetectContentType(head)
}
