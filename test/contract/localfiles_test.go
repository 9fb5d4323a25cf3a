package contract_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/localfiles"
	"github.com/openassoc/membership/ports"
	"github.com/openassoc/membership/test/contract"
)

// TestLocalFiles runs the file-store suite on the folder adapter (the S3 one
// runs on a SeaweedFS container in test/integration).
func TestLocalFiles(t *testing.T) {
	contract.RunFileStore(t, func(t *testing.T) ports.FileStore {
		s, err := localfiles.New(filepath.Join(t.TempDir(), "files"))
		require.NoError(t, err)
		return s
	})
}
