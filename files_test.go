package membership_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
)

// Config.Files names a folder of its own for uploads.
func TestFilesInAFolderOfTheirOwn(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	folder := filepath.Join(dir, "shared-files")
	m, err := membership.New(membership.Config{DataDir: filepath.Join(dir, "data"), Files: folder})
	require.NoError(t, err)
	defer m.Close()
	require.NoError(t, m.Ports().Files.Put(context.Background(), "scans/a.png", strings.NewReader("scan")))
	b, err := os.ReadFile(filepath.Join(folder, "scans", "a.png"))
	require.NoError(t, err)
	assert.Equal(t, "scan", string(b))
	r, err := m.Ports().Files.Open(context.Background(), "scans/a.png")
	require.NoError(t, err)
	defer r.Close()
	got, _ := io.ReadAll(r)
	assert.Equal(t, "scan", string(got))
}

// An S3 store that cannot be reached, or a malformed URL, stops New with a
// message naming the setting.
func TestFilesOnS3RefuseToStartWithoutTheServer(t *testing.T) {
	t.Parallel()
	for files, want := range map[string]string{
		"s3://scans?endpoint=127.0.0.1:1&secure=false": `does not answer for bucket "scans"`,
		"s3://scans": "no endpoint",
	} {
		_, err := membership.New(membership.Config{DataDir: t.TempDir(), Files: files})
		require.Error(t, err, files)
		assert.Contains(t, err.Error(), "membership: Files: s3files: ")
		assert.Contains(t, err.Error(), want)
	}
}
