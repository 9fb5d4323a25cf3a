package contract_test

import (
	"testing"

	"github.com/openassoc/membership/test/contract"
)

// TestMemstore runs the storage suites on the in-memory adapter.
func TestMemstore(t *testing.T) {
	contract.RunMemstore(t)
}
