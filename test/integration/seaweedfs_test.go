//go:build integration

package integration

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/stretchr/testify/require"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// The S3 server of the suites: SeaweedFS (`weed server -s3`), the local image
// test/containers/engine.sh builds, or the official one with another engine.
const (
	envImageSeaweedFS     = "MEMBERSHIP_IMAGE_SEAWEEDFS"
	defaultImageSeaweedFS = "chrislusf/seaweedfs:latest"

	s3AccessKey = "membership"
	s3SecretKey = "membership-s3-secret"
)

// seaweedfsS3Port is the fixed host port of the S3 gateway, so that clients
// keep their address when the container is stopped and started again.
var seaweedfsS3Port = sync.OnceValue(func() int { return freePort() })

// seaweedfsCmd runs master, volume server, filer and S3 gateway in one process.
// -ip=127.0.0.1 keeps the volume server's address across restarts; -ip.bind
// makes the published port reach it.
var seaweedfsCmd = []string{"server", "-dir=/data", "-s3", "-ip=127.0.0.1", "-ip.bind=0.0.0.0",
	"-master.volumeSizeLimitMB=64", "-volume.max=0", "-s3.port.iceberg=0", "-s3.port.lance=0"}

func startSeaweedFS(ctx context.Context, img string) (*testcontainers.DockerContainer, error) {
	return testcontainers.Run(ctx, img,
		testcontainers.WithCmd(seaweedfsCmd...),
		// These register the gateway's admin identity: requests must be signed.
		testcontainers.WithEnv(map[string]string{"AWS_ACCESS_KEY_ID": s3AccessKey,
			"AWS_SECRET_ACCESS_KEY": s3SecretKey}),
		testcontainers.WithExposedPorts("8333/tcp"),
		publish(map[string]int{"8333/tcp": seaweedfsS3Port()}),
		testcontainers.WithWaitStrategyAndDeadline(startTimeout,
			wait.ForHTTP("/healthz").WithPort("8333/tcp").WithStartupTimeout(startTimeout)),
	)
}

// s3Endpoint returns host:port of the S3 gateway (fixed across restarts).
func s3Endpoint(t testing.TB) string {
	t.Helper()
	seaweedfsSvc.container(t)
	return fmt.Sprintf("127.0.0.1:%d", seaweedfsS3Port())
}

// s3Client is an S3 client of the gateway with the admin identity.
func s3Client(t testing.TB) *minio.Client {
	t.Helper()
	c, err := minio.New(s3Endpoint(t), &minio.Options{Creds: credentials.NewStaticV4(s3AccessKey, s3SecretKey, ""),
		BucketLookup: minio.BucketLookupPath})
	require.NoError(t, err)
	return c
}

// createBucket makes a bucket, retrying while the gateway's filer is still
// starting, and returns its name.
func createBucket(t testing.TB, name string) string {
	t.Helper()
	c := s3Client(t)
	var err error
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = c.MakeBucket(ctx, name, minio.MakeBucketOptions{})
		cancel()
		if err == nil || minio.ToErrorResponse(err).Code == "BucketAlreadyOwnedByYou" {
			return name
		}
	}
	t.Fatalf("create bucket %s: %v", name, err)
	return ""
}

// s3FilesURL is memberd's -files value for a bucket of the gateway, reached at
// host:port.
func s3FilesURL(bucket, hostport string) string {
	return fmt.Sprintf("s3://%s?endpoint=%s&secure=false&access_key=%s&secret_key=%s", bucket, hostport,
		s3AccessKey, s3SecretKey)
}
