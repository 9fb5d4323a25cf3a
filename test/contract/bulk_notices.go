package contract

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// BulkNoticeFixture is what the bulk notices' suite needs: the registry (to
// seed members and to compare selections with) and the bulk notices.
type BulkNoticeFixture struct {
	DirectoryFixture
	Notices ports.BulkNotices
	Tx      ports.Transactor
}

// RunBulkNotices checks the bulk notices (群发通知): a campaign's recipients
// are exactly the members the registry's filter lists, once each; a filter
// selecting nobody stores nothing; pending recipients are handed out in order,
// marked once, counted by state; campaigns list newest first and are found by
// their request key; a rolled-back creation leaves nothing.
func RunBulkNotices(t *testing.T, newFixture func(t *testing.T) BulkNoticeFixture) {
	run(t, "recipients are the registry's selection", func(t *testing.T) { bulkSelection(t, newFixture(t)) })
	run(t, "no recipients stores nothing", func(t *testing.T) { bulkNobody(t, newFixture(t)) })
	run(t, "pending, mark once, progress", func(t *testing.T) { bulkDelivery(t, newFixture(t)) })
	run(t, "list, key, next, rollback", func(t *testing.T) { bulkList(t, newFixture(t)) })
}

// campaign is a campaign of the suite made at epoch plus minutes.
func campaign(t *testing.T, subject, key string, minutes int) bulknotice.Campaign {
	t.Helper()
	at := epoch().Add(timeMinutes(minutes))
	c, err := bulknotice.New(subject, "正文："+subject, true, true, key, "staff-1", at)
	require.NoError(t, err)
	c.Filters, c.FilterSummary = "kind=enterprise", "；类别=enterprise"
	return c
}

func bulkSelection(t *testing.T, f BulkNoticeFixture) {
	ctx := context.Background()
	r := seedRegistry(t, f.DirectoryFixture)
	filters := []ports.MemberFilter{
		{},
		{Kind: member.Enterprise},
		{Kind: member.Individual},
		{Province: "11"},
		{Province: ports.FilterNone},
		{Status: member.StatusActive},
		{ExpiringWithin: 30},
		{Kind: member.Enterprise, Industry: "C"},
		{Search: "有限公司"},
	}
	for i, flt := range filters {
		flt.Today = today()
		want := r.names(t, f.Directory, flt)
		c := campaign(t, fmt.Sprintf("通知%d", i), "", i)
		n, err := f.Notices.Create(ctx, c, flt)
		require.NoError(t, err)
		assert.Equal(t, len(want), n, "filter %d: as many recipients as the list", i)
		if n == 0 {
			continue
		}
		rec, err := f.Notices.Pending(ctx, c.ID, 100)
		require.NoError(t, err)
		got := r.namesOf(rec)
		assert.ElementsMatch(t, want, got, "filter %+v: the registry's selection", flt)
		stored, err := f.Notices.Get(ctx, c.ID)
		require.NoError(t, err)
		assert.Equal(t, n, stored.Recipients)
	}
	// A recipient carries what the email needs.
	c := campaign(t, "个人", "", 50)
	_, err := f.Notices.Create(ctx, c, ports.MemberFilter{Kind: member.Individual, Today: today()})
	require.NoError(t, err)
	rec, err := f.Notices.Pending(ctx, c.ID, 10)
	require.NoError(t, err)
	require.NotEmpty(t, rec)
	for _, x := range rec {
		assert.True(t, x.Individual)
		assert.NotEmpty(t, x.Email)
		assert.NotEmpty(t, x.Name)
	}
}

// namesOf names recipients by the registry's short names.
func (r registry) namesOf(rec []bulknotice.Recipient) []string {
	byID := map[string]string{}
	for name, m := range r {
		byID[m.ID()] = name
	}
	out := make([]string, 0, len(rec))
	for _, x := range rec {
		out = append(out, byID[x.MemberID])
	}
	return out
}

func bulkNobody(t *testing.T, f BulkNoticeFixture) {
	ctx := context.Background()
	seedRegistry(t, f.DirectoryFixture)
	c := campaign(t, "无人", "key-nobody", 0)
	n, err := f.Notices.Create(ctx, c, ports.MemberFilter{Province: "65", Today: today()})
	require.NoError(t, err)
	assert.Zero(t, n)
	_, err = f.Notices.Get(ctx, c.ID)
	requireKind(t, err, bulknoticeNotFoundKind())
	_, ok, err := f.Notices.ByRequestKey(ctx, "key-nobody")
	require.NoError(t, err)
	assert.False(t, ok, "nothing stored")
	list, total, err := f.Notices.List(ctx, 10, 0)
	require.NoError(t, err)
	assert.Empty(t, list)
	assert.Zero(t, total)
}

func bulkDelivery(t *testing.T, f BulkNoticeFixture) {
	ctx := context.Background()
	seedRegistry(t, f.DirectoryFixture)
	c := campaign(t, "投递", "", 0)
	n, err := f.Notices.Create(ctx, c, ports.MemberFilter{Today: today()})
	require.NoError(t, err)
	require.Equal(t, 8, n)
	// A second creation of the same campaign is refused (unique id).
	_, err = f.Notices.Create(ctx, c, ports.MemberFilter{Today: today()})
	require.Error(t, err)

	first, err := f.Notices.Pending(ctx, c.ID, 3)
	require.NoError(t, err)
	require.Len(t, first, 3)
	ids := []string{first[0].MemberID, first[1].MemberID, first[2].MemberID}
	assert.True(t, slices.IsSorted(ids), "member order")
	changed, err := f.Notices.Mark(ctx, c.ID, ids[:2], bulknotice.Sent, epoch())
	require.NoError(t, err)
	assert.Equal(t, 2, changed)
	changed, err = f.Notices.Mark(ctx, c.ID, ids, bulknotice.Failed, epoch())
	require.NoError(t, err)
	assert.Equal(t, 1, changed, "only pending recipients change: a retried mark changes nothing twice")
	p, err := f.Notices.Progress(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, bulknotice.Progress{Pending: 5, Sent: 2, Failed: 1}, p)
	next, err := f.Notices.Pending(ctx, c.ID, 100)
	require.NoError(t, err)
	assert.Len(t, next, 5)
	assert.NotContains(t, next, first[0])

	require.NoError(t, f.Notices.Start(ctx, c.ID, epoch().Add(timeMinutes(5))))
	require.NoError(t, f.Notices.Start(ctx, c.ID, epoch().Add(timeMinutes(9))))
	got, err := f.Notices.Get(ctx, c.ID)
	require.NoError(t, err)
	sameInstant(t, epoch().Add(timeMinutes(5)), got.StartedAt, "the first start stays")
	sameInstant(t, c.CreatedAt, got.CreatedAt, "created_at")
	assert.Equal(t, c.Subject, got.Subject)
	assert.Equal(t, c.Body, got.Body)
	assert.Equal(t, "kind=enterprise", got.Filters)
	assert.True(t, got.Portal && got.Email)
}

func bulkList(t *testing.T, f BulkNoticeFixture) {
	ctx := context.Background()
	seedRegistry(t, f.DirectoryFixture)
	older, newer := campaign(t, "旧", "k1", 0), campaign(t, "新", "k2", 10)
	for _, c := range []bulknotice.Campaign{older, newer} {
		_, err := f.Notices.Create(ctx, c, ports.MemberFilter{Kind: member.Individual, Today: today()})
		require.NoError(t, err)
	}
	list, total, err := f.Notices.List(ctx, 1, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	require.Len(t, list, 1)
	assert.Equal(t, newer.ID, list[0].ID, "newest first")
	list, _, err = f.Notices.List(ctx, 1, 1)
	require.NoError(t, err)
	assert.Equal(t, older.ID, list[0].ID)

	got, ok, err := f.Notices.ByRequestKey(ctx, "k2")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, newer.ID, got.ID)
	dup := campaign(t, "重复", "k2", 20)
	_, err = f.Notices.Create(ctx, dup, ports.MemberFilter{Today: today()})
	require.Error(t, err, "a request key makes one campaign")

	next, ok, err := f.Notices.NextPending(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, older.ID, next.ID, "the oldest campaign first")
	pend, err := f.Notices.Pending(ctx, older.ID, 100)
	require.NoError(t, err)
	ids := make([]string, len(pend))
	for i, r := range pend {
		ids[i] = r.MemberID
	}
	_, err = f.Notices.Mark(ctx, older.ID, ids, bulknotice.Sent, epoch())
	require.NoError(t, err)
	next, ok, err = f.Notices.NextPending(ctx)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, newer.ID, next.ID)

	// A creation rolled back with its transaction leaves nothing.
	gone := campaign(t, "回滚", "k3", 30)
	err = f.Tx.InTx(ctx, func(ctx context.Context) error {
		if _, err := f.Notices.Create(ctx, gone, ports.MemberFilter{Today: today()}); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	_, ok, err = f.Notices.ByRequestKey(ctx, "k3")
	require.NoError(t, err)
	assert.False(t, ok)
}

// errRollback makes a transaction of the suite roll back.
var errRollback = errors.New("roll back")

// timeMinutes is n minutes.
func timeMinutes(n int) time.Duration { return time.Duration(n) * time.Minute }

// bulknoticeNotFoundKind is the kind of an unknown campaign's error.
func bulknoticeNotFoundKind() apperr.Kind { return apperr.KindNotFound }
