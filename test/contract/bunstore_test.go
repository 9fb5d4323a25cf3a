package contract_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/ports"
	"github.com/openassoc/membership/test/contract"
)

// runBunstore runs every storage suite against bunstore on databases from open.
func runBunstore(t *testing.T, open func(t *testing.T) *bunstore.DB) {
	t.Run("MemberRepository", func(t *testing.T) {
		t.Parallel()
		contract.RunMemberRepository(t, func(t *testing.T) contract.MemberFixture {
			db := open(t)
			outbox := bunstore.NewTableOutbox(db)
			return contract.MemberFixture{
				Repo:   bunstore.NewMemberRepository(db, outbox),
				Events: func(t *testing.T) []contract.OutboxEvent { return tableOutboxEvents(t, outbox) },
			}
		})
	})
	t.Run("StaffRepository", func(t *testing.T) {
		t.Parallel()
		contract.RunStaffRepository(t, func(t *testing.T) ports.StaffRepository {
			return bunstore.NewStaffRepository(open(t))
		})
	})
	t.Run("SessionStore", func(t *testing.T) {
		t.Parallel()
		contract.RunSessionStore(t, func(t *testing.T) ports.SessionStore { return bunstore.NewSessionStore(open(t)) })
	})
	t.Run("TokenStore", func(t *testing.T) {
		t.Parallel()
		contract.RunTokenStore(t, func(t *testing.T) ports.TokenStore { return bunstore.NewTokenStore(open(t)) })
	})
	t.Run("LoginAttempts", func(t *testing.T) {
		t.Parallel()
		contract.RunLoginAttempts(t, func(t *testing.T) ports.LoginAttempts { return bunstore.NewLoginAttempts(open(t)) })
	})
	t.Run("Applications", func(t *testing.T) {
		t.Parallel()
		contract.RunApplications(t, func(t *testing.T) contract.ApplicationFixture {
			db := open(t)
			return contract.ApplicationFixture{
				Members:   bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Sequences: bunstore.NewSequences(db),
				Index:     bunstore.NewApplicationIndex(db),
			}
		})
	})
	t.Run("Notifications", func(t *testing.T) {
		t.Parallel()
		contract.RunNotifications(t, func(t *testing.T) contract.NotificationFixture {
			db := open(t)
			return contract.NotificationFixture{
				Repo:    bunstore.NewNotificationRepository(db),
				Members: bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Handled: bunstore.NewHandledEvents(db),
			}
		})
	})
	t.Run("Payments", func(t *testing.T) {
		t.Parallel()
		contract.RunPayments(t, func(t *testing.T) contract.PaymentFixture {
			db := open(t)
			lookup := bunstore.NewMemberLookup(db)
			return contract.PaymentFixture{
				Members:    bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db)),
				Payments:   bunstore.NewPaymentRepository(db),
				Statements: bunstore.NewStatementRepository(db),
				Lookup:     lookup,
				Renewals:   lookup,
				Leases:     bunstore.NewLeases(db),
				Settings:   bunstore.NewSettings(db),
				Tx:         bunstore.NewTransactor(db),
			}
		})
	})
	t.Run("Sequences", func(t *testing.T) {
		t.Parallel()
		contract.RunSequences(t, func(t *testing.T) ports.Sequences { return bunstore.NewSequences(open(t)) })
	})
}

// tableOutboxEvents reads every row of a TableOutbox.
func tableOutboxEvents(t *testing.T, outbox *bunstore.TableOutbox) []contract.OutboxEvent {
	t.Helper()
	rows, err := outbox.FetchUnsent(context.Background(), 1000)
	require.NoError(t, err)
	out := make([]contract.OutboxEvent, len(rows))
	for i, r := range rows {
		out[i] = contract.OutboxEvent{Name: r.Name, Payload: r.Payload}
	}
	return out
}
