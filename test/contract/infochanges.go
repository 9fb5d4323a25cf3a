package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// InfoChangeFixture is a 信息变更 repository with the members it refers to
// and the transactor of its store.
type InfoChangeFixture struct {
	Members     ports.MemberRepository
	InfoChanges ports.InfoChangeRepository
	Tx          ports.Transactor
}

// RunInfoChanges runs the 信息变更 repository's contract: round trip of every
// field, one pending request per member, the member's history newest first,
// the queue's pages, order and counts, decisions stored, unknown ids
// NotFound, and a write rolls back with its transaction.
func RunInfoChanges(t *testing.T, newFixture func(t *testing.T) InfoChangeFixture) {
	run(t, "round trip and decision", func(t *testing.T) { infoChangesRoundTrip(t, newFixture(t)) })
	run(t, "one pending request per member", func(t *testing.T) { infoChangesOnePending(t, newFixture(t)) })
	run(t, "queue pages, order and counts", func(t *testing.T) { infoChangesQueue(t, newFixture(t)) })
	run(t, "a write rolls back with its transaction", func(t *testing.T) { infoChangesRollback(t, newFixture(t)) })
}

func testInfoChange(id, memberID string, at time.Time) infochange.Request {
	return infochange.Request{ID: id, MemberID: memberID, Kind: member.Enterprise, MemberName: "变更测试",
		Number: "19141263", Status: infochange.Pending, Name: "变更测试",
		Enterprise: &application.EnterpriseForm{Name: "变更测试", Address: "北京市海淀区新地址1号", PostalCode: "100080"},
		Before:     map[string]string{"name": "变更测试", "address": "北京市西城区旧地址2号"},
		After:      map[string]string{"name": "变更测试", "address": "北京市海淀区新地址1号"},
		Proof:      infochange.Proof{Key: "info-changes/" + id + ".pdf", Name: "证明.pdf", Format: "pdf", Size: 1234},
		CreatedAt:  at}
}

func infoChangesRoundTrip(t *testing.T, f InfoChangeFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "变更测试", "ic@example.com", "19141263")
	want := testInfoChange("ic1", m.ID(), epoch())
	require.NoError(t, f.InfoChanges.AddInfoChange(ctx, want))
	got, err := f.InfoChanges.GetInfoChange(ctx, "ic1")
	require.NoError(t, err)
	sameInstant(t, want.CreatedAt, got.CreatedAt, "created")
	want.CreatedAt = got.CreatedAt
	assert.Equal(t, want, got)
	pending, ok, err := f.InfoChanges.PendingInfoChange(ctx, m.ID())
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "ic1", pending.ID)

	require.NoError(t, got.Reject("staff-1", "证明材料不清晰", epoch().Add(time.Hour)))
	require.NoError(t, f.InfoChanges.SaveInfoChange(ctx, got))
	again, err := f.InfoChanges.GetInfoChange(ctx, "ic1")
	require.NoError(t, err)
	assert.Equal(t, infochange.Rejected, again.Status)
	assert.Equal(t, "证明材料不清晰", again.Reason)
	assert.Equal(t, "staff-1", again.DecidedBy)
	sameInstant(t, epoch().Add(time.Hour), again.DecidedAt, "decided")
	_, ok, err = f.InfoChanges.PendingInfoChange(ctx, m.ID())
	require.NoError(t, err)
	assert.False(t, ok, "a decided request is no longer pending")

	_, err = f.InfoChanges.GetInfoChange(ctx, "nope")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "unknown id: %v", err)
	ghost := testInfoChange("ghost", m.ID(), epoch())
	assert.True(t, apperr.IsKind(f.InfoChanges.SaveInfoChange(ctx, ghost), apperr.KindNotFound))
}

func infoChangesOnePending(t *testing.T, f InfoChangeFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "变更甲", "ica@example.com", "19141264")
	b := approved(t, f.Members, member.Enterprise, "变更乙", "icb@example.com", "19141265")
	require.NoError(t, f.InfoChanges.AddInfoChange(ctx, testInfoChange("a1", a.ID(), epoch())))
	err := f.InfoChanges.AddInfoChange(ctx, testInfoChange("a2", a.ID(), epoch().Add(time.Minute)))
	require.Error(t, err, "a second pending request is refused")
	assert.Equal(t, infochange.ErrPending, apperr.As(err).Code, "%v", err)
	require.NoError(t, f.InfoChanges.AddInfoChange(ctx, testInfoChange("b1", b.ID(), epoch())),
		"another member's pending request is no obstacle")

	first, err := f.InfoChanges.GetInfoChange(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, first.Withdraw(epoch().Add(time.Hour)))
	require.NoError(t, f.InfoChanges.SaveInfoChange(ctx, first))
	require.NoError(t, f.InfoChanges.AddInfoChange(ctx, testInfoChange("a3", a.ID(), epoch().Add(2*time.Hour))),
		"once the first is withdrawn a new one may be asked")
	list, err := f.InfoChanges.MemberInfoChanges(ctx, a.ID(), 10)
	require.NoError(t, err)
	require.Len(t, list, 2, "nothing of the refused request is stored")
	assert.Equal(t, []string{"a3", "a1"}, []string{list[0].ID, list[1].ID}, "newest first")
	assert.Equal(t, infochange.Withdrawn, list[1].Status)
}

func infoChangesQueue(t *testing.T, f InfoChangeFixture) {
	ctx := context.Background()
	for i, n := range []string{"19141266", "19141267", "19141268", "19141269"} {
		m := approved(t, f.Members, member.Enterprise, "队列"+n, n+"@example.com", n)
		r := testInfoChange("q"+n, m.ID(), epoch().Add(time.Duration(i)*time.Minute))
		require.NoError(t, f.InfoChanges.AddInfoChange(ctx, r))
		if i >= 2 {
			require.NoError(t, r.Approve("staff-1", epoch().Add(time.Duration(10-i)*time.Hour)))
			require.NoError(t, f.InfoChanges.SaveInfoChange(ctx, r))
		}
	}
	p, err := f.InfoChanges.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: infochange.Pending, Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Total)
	assert.Equal(t, map[infochange.Status]int{infochange.Pending: 2, infochange.Approved: 2}, p.Counts)
	require.Len(t, p.Rows, 1)
	assert.Equal(t, "q19141266", p.Rows[0].ID, "pending: oldest first")
	p, err = f.InfoChanges.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: infochange.Pending, Limit: 1, Offset: 1})
	require.NoError(t, err)
	require.Len(t, p.Rows, 1)
	assert.Equal(t, "q19141267", p.Rows[0].ID)
	p, err = f.InfoChanges.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: infochange.Pending})
	require.NoError(t, err)
	assert.Empty(t, p.Rows, "limit 0: the counts only")
	assert.Equal(t, 2, p.Total)
	p, err = f.InfoChanges.InfoChangeQueue(ctx, ports.InfoChangeQuery{Status: infochange.Approved, Limit: 10})
	require.NoError(t, err)
	require.Len(t, p.Rows, 2)
	assert.Equal(t, "q19141268", p.Rows[0].ID, "decided: newest decision first")
}

func infoChangesRollback(t *testing.T, f InfoChangeFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "变更丙", "icr@example.com", "19141270")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.InfoChanges.AddInfoChange(ctx, testInfoChange("r1", m.ID(), epoch())); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	list, err := f.InfoChanges.MemberInfoChanges(ctx, m.ID(), 0)
	require.NoError(t, err)
	assert.Empty(t, list)
}
