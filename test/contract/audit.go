package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// AuditFixture is an audit log with the transactor of its store. Tamper, when
// set, tries to rewrite the stored log by every path the store has (SQL UPDATE,
// DELETE …) and returns each attempt's error: all must fail. memstore has no
// such path at all and leaves it nil.
type AuditFixture struct {
	Log    ports.AuditLog
	Tx     ports.Transactor
	Tamper func(ctx context.Context) []error
}

// RunAuditLog runs the audit log's contract.
func RunAuditLog(t *testing.T, newFixture func(t *testing.T) AuditFixture) {
	t.Run("append and list newest first with filters", func(t *testing.T) { auditFilters(t, newFixture(t)) })
	t.Run("an entry rolls back with its transaction", func(t *testing.T) { auditRollback(t, newFixture(t)) })
	t.Run("append-only", func(t *testing.T) { auditAppendOnly(t, newFixture(t)) })
}

func auditEntry(at time.Time, staffID string, action audit.Action, memberID string) audit.Entry {
	return audit.Entry{At: at, StaffID: staffID, Address: "203.0.113.7", Action: action, MemberID: memberID,
		Subject: "payment:p1", Summary: "摘要", Reason: "原因",
		Changes: []audit.Change{{Field: "level", Label: "会员级别", Before: "普通会员", After: "理事"}}}
}

func auditFilters(t *testing.T, f AuditFixture) {
	ctx := context.Background()
	t0 := epoch()
	require.Error(t, f.Log.Append(ctx, audit.Entry{At: t0, Action: audit.MemberEdit}), "no staff")
	require.NoError(t, f.Log.Append(ctx, auditEntry(t0, "s1", audit.ApplicationApprove, "m1")))
	require.NoError(t, f.Log.Append(ctx, auditEntry(t0.Add(time.Hour), "s2", audit.PaymentConfirm, "m1")))
	require.NoError(t, f.Log.Append(ctx, auditEntry(t0.Add(2*time.Hour), "s1", audit.MemberLevelChange, "m2")))
	require.NoError(t, f.Log.Append(ctx, audit.Entry{At: t0.Add(2 * time.Hour), StaffID: "s1",
		Action: audit.FeeSettingsUpdate}))

	all, total, err := f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	require.Equal(t, 4, total)
	require.Len(t, all, 4)
	assert.Equal(t, audit.FeeSettingsUpdate, all[0].Action, "newest first; the same instant by id")
	assert.Equal(t, audit.MemberLevelChange, all[1].Action)
	assert.Equal(t, audit.ApplicationApprove, all[3].Action)
	assert.Greater(t, all[0].ID, all[1].ID)
	first := all[3]
	assert.Equal(t, "203.0.113.7", first.Address)
	assert.Equal(t, "payment:p1", first.Subject)
	assert.Equal(t, "原因", first.Reason)
	assert.Equal(t, []audit.Change{{Field: "level", Label: "会员级别", Before: "普通会员", After: "理事"}}, first.Changes)
	sameInstant(t, t0, first.At, "the entry's time")
	assert.Empty(t, all[0].Changes)

	count := func(q ports.AuditQuery) int {
		_, n, err := f.Log.List(ctx, q)
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, 3, count(ports.AuditQuery{StaffID: "s1"}))
	assert.Equal(t, 2, count(ports.AuditQuery{MemberID: "m1"}))
	assert.Equal(t, 1, count(ports.AuditQuery{Action: audit.PaymentConfirm}))
	assert.Equal(t, 1, count(ports.AuditQuery{StaffID: "s1", MemberID: "m1"}))
	assert.Equal(t, 1, count(ports.AuditQuery{From: t0.Add(time.Hour), To: t0.Add(2 * time.Hour)}),
		"From is inclusive, To exclusive")
	assert.Equal(t, 3, count(ports.AuditQuery{From: t0.Add(time.Hour)}))
	assert.Equal(t, 0, count(ports.AuditQuery{StaffID: "nobody"}))

	page, total, err := f.Log.List(ctx, ports.AuditQuery{Limit: 2, Offset: 2})
	require.NoError(t, err)
	assert.Equal(t, 4, total, "the total ignores the page")
	require.Len(t, page, 2)
	assert.Equal(t, audit.PaymentConfirm, page[0].Action)
	page, _, err = f.Log.List(ctx, ports.AuditQuery{Limit: 2, Offset: 10})
	require.NoError(t, err)
	assert.Empty(t, page, "a page beyond the end is empty")

	// Keyset paging (the export's walk): the entries after the last one read,
	// in the same order, filters kept; nothing after the oldest.
	page, _, err = f.Log.List(ctx, ports.AuditQuery{Limit: 2, AfterID: all[0].ID})
	require.NoError(t, err)
	require.Len(t, page, 2)
	assert.Equal(t, []int64{all[1].ID, all[2].ID}, []int64{page[0].ID, page[1].ID}, "after the same instant's newer id")
	page, _, err = f.Log.List(ctx, ports.AuditQuery{Limit: 2, StaffID: "s1", AfterID: all[1].ID})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, audit.ApplicationApprove, page[0].Action)
	page, _, err = f.Log.List(ctx, ports.AuditQuery{Limit: 2, AfterID: all[3].ID})
	require.NoError(t, err)
	assert.Empty(t, page, "nothing after the oldest")
}

func auditRollback(t *testing.T, f AuditFixture) {
	ctx := context.Background()
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, f.Log.Append(ctx, auditEntry(epoch(), "s1", audit.MemberEdit, "m1")))
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, total, err := f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	assert.Zero(t, total, "the entry of a rolled-back action is gone with it")

	require.NoError(t, f.Tx.InTx(ctx, func(ctx context.Context) error {
		return f.Log.Append(ctx, auditEntry(epoch(), "s1", audit.MemberEdit, "m1"))
	}))
	_, total, err = f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	assert.Equal(t, 1, total)
}

func auditAppendOnly(t *testing.T, f AuditFixture) {
	ctx := context.Background()
	require.NoError(t, f.Log.Append(ctx, auditEntry(epoch(), "s1", audit.MemberEdit, "m1")))
	if f.Tamper == nil {
		t.Log("the store offers no path that could change an entry")
	} else {
		for i, err := range f.Tamper(ctx) {
			assert.Error(t, err, "attempt %d to rewrite the log must fail", i)
		}
	}
	all, total, err := f.Log.List(ctx, ports.AuditQuery{})
	require.NoError(t, err)
	require.Equal(t, 1, total, "nothing deleted")
	assert.Equal(t, "摘要", all[0].Summary, "nothing changed")
	assert.Equal(t, "s1", all[0].StaffID)
}
