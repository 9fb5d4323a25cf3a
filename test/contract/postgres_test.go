package contract_test

import (
	"testing"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/test/contract"
)

// TestPostgres runs the storage suites on PostgreSQL, each subtest in a schema of
// its own, when MEMBERSHIP_TEST_POSTGRES_DSN names a database; it is skipped
// otherwise. The outbox is the SQLite outbox table, created for the test: the
// repositories' transactional behaviour is the same whatever outbox they write to.
func TestPostgres(t *testing.T) {
	dsn := bunstoretest.PostgresDSN(t)
	contract.RunBunstore(t, func(t *testing.T) *bunstore.DB {
		db := bunstoretest.OpenPostgres(t, dsn)
		bunstoretest.AddOutboxTable(t, db)
		return db
	})
}
