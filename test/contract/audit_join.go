package contract

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// AuditedWritesFixture holds the stores whose writes staff actions record in
// the audit log, on one database with its transactor.
type AuditedWritesFixture struct {
	Log        ports.AuditLog
	Tx         ports.Transactor
	Staff      ports.StaffRepository
	Settings   ports.Settings
	Statements ports.StatementRepository
}

// RunAuditedWrites checks that the writes of the staff actions without a
// member (staff accounts, settings, bank statements) join the transaction of
// a ports.Transactor, so that each commits or rolls back with its audit entry.
func RunAuditedWrites(t *testing.T, newFixture func(t *testing.T) AuditedWritesFixture) {
	t.Run("rolled back with the entry", func(t *testing.T) { auditedWritesRollBack(t, newFixture(t)) })
	t.Run("committed with the entry", func(t *testing.T) { auditedWritesCommit(t, newFixture(t)) })
}

// auditedWrites writes an account, a role change, a setting and a statement
// with an audit entry in one transaction that ends with end.
func auditedWrites(t *testing.T, f AuditedWritesFixture, end error) (string, error) {
	ctx := context.Background()
	s, err := staff.New("audited1", "审计", "", access.RoleReviewer, "$argon2id$x", epoch())
	require.NoError(t, err)
	line := payment.Line{Row: 2, Date: payment.Day(epoch()), AmountFen: 48000, PayerName: "甲", BankRef: "AJ1"}
	stored := []payment.StoredLine{{ID: "aj-l1", StatementID: "aj-s1", Key: payment.Keys([]payment.Line{line})[0],
		Line: line, Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchNone}, UpdatedAt: epoch()}}
	return s.ID(), f.Tx.InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, f.Staff.Add(ctx, s))
		require.NoError(t, f.Staff.UpdateRole(ctx, s.ID(), access.RoleFinance))
		require.NoError(t, f.Settings.Put(ctx, "audited", []byte(`{"a":1}`), epoch()))
		_, err := f.Statements.Add(ctx, payment.Statement{ID: "aj-s1", FileName: "a.csv", Format: "csv",
			StaffID: s.ID(), UploadedAt: epoch(), Lines: 1}, stored)
		require.NoError(t, err)
		require.NoError(t, f.Log.Append(ctx, auditEntry(epoch(), "system", audit.StaffCreate, "")))
		return end
	})
}

func auditedWritesRollBack(t *testing.T, f AuditedWritesFixture) {
	ctx := context.Background()
	boom := errors.New("boom")
	id, err := auditedWrites(t, f, boom)
	require.ErrorIs(t, err, boom)
	_, err = f.Staff.Get(ctx, id)
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "the account rolled back: %v", err)
	_, ok, err := f.Settings.Get(ctx, "audited")
	require.NoError(t, err)
	assert.False(t, ok, "the setting rolled back")
	_, _, err = f.Statements.Get(ctx, "aj-s1")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "the statement rolled back: %v", err)
	_, total, err := f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	assert.Zero(t, total)
}

func auditedWritesCommit(t *testing.T, f AuditedWritesFixture) {
	ctx := context.Background()
	id, err := auditedWrites(t, f, nil)
	require.NoError(t, err)
	s, err := f.Staff.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, access.RoleFinance, s.Role())
	v, ok, err := f.Settings.Get(ctx, "audited")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.JSONEq(t, `{"a":1}`, string(v))
	_, lines, err := f.Statements.Get(ctx, "aj-s1")
	require.NoError(t, err)
	assert.Len(t, lines, 1)
	_, total, err := f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
}
