package contract_test

import (
	"testing"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/test/contract"
)

// TestSQLite runs the storage suites on a fresh SQLite file per subtest.
func TestSQLite(t *testing.T) {
	contract.RunBunstore(t, func(t *testing.T) *bunstore.DB { return bunstoretest.OpenSQLite(t) })
}
