package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
)

// TestMigrationVerifiesExistingAccounts: the accounts stored before email
// verification existed count as verified, since their registration (issue 9,
// finding 13); the migration is rolled back by hand here and run again on a
// database holding such an account.
func TestMigrationVerifiesExistingAccounts(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { migrationVerifiesExisting(t, bunstoretest.OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		migrationVerifiesExisting(t, bunstoretest.OpenPostgres(t, bunstoretest.PostgresDSN(t)))
	})
}

func migrationVerifiesExisting(t *testing.T, db *bunstore.DB) {
	ctx := context.Background()
	sql := db.SQL()
	for _, col := range []string{"email_verified_at", "verify_mail_at", "verify_mails", "verify_mails_since",
		"attempt_mail_at"} {
		_, err := sql.ExecContext(ctx, "ALTER TABLE members DROP COLUMN "+col)
		require.NoError(t, err, col)
	}
	res, err := sql.ExecContext(ctx, "DELETE FROM bun_migrations WHERE name LIKE '0007%'")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.EqualValues(t, 1, n, "the migration was recorded once")

	created := time.Date(2019, 9, 21, 2, 30, 0, 0, time.UTC)
	_, err = db.Bun().NewRaw(`INSERT INTO members (id, kind, name, email, password_hash, status, created_at, updated_at)
VALUES ('m-old', 'enterprise', '老会员有限公司', 'old@example.com', 'h', 'active', ?, ?)`, created, created).Exec(ctx)
	require.NoError(t, err)
	require.NoError(t, db.Migrate(ctx))

	m, err := bunstore.NewMemberRepository(db, nil).Get(ctx, "m-old")
	require.NoError(t, err)
	assert.True(t, m.EmailVerified(), "an existing account counts as verified")
	assert.True(t, created.Equal(m.EmailState().VerifiedAt), "since it registered: %v", m.EmailState().VerifiedAt)
	assert.Zero(t, m.EmailState().VerifyMails)
}
