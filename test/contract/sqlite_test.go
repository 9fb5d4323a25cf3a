package contract_test

import (
	"testing"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
)

// TestSQLite runs the storage suites on a fresh SQLite file per subtest.
func TestSQLite(t *testing.T) {
	runBunstore(t, func(t *testing.T) *bunstore.DB { return bunstoretest.OpenSQLite(t) })
}
