package memstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
)

var t0 = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func newMember(t *testing.T, s *memstore.Store, name, email string, steps ...func(*member.Member) error) *member.Member {
	t.Helper()
	m, err := member.Register(member.Registration{Kind: member.Individual, Name: name, Email: email,
		PasswordHash: "h"}, t0)
	require.NoError(t, err)
	for _, step := range steps {
		require.NoError(t, step(m))
	}
	require.NoError(t, s.Members().Add(context.Background(), m))
	return m
}

func approve(number string) func(*member.Member) error {
	return func(m *member.Member) error { return membertest.Approve(m, number, t0) }
}

// What a caller does with what it got back, or with what it stored, never
// changes the store.
func TestNoAliasing(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	m := newMember(t, s, "张三", "z@example.com")
	require.NoError(t, membertest.Submit(m, t0)) // the added aggregate, changed afterwards
	got, err := s.Members().Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusRegistered, got.Status())
	require.NoError(t, membertest.Submit(got, t0)) // a loaded one
	again, err := s.Members().Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusRegistered, again.Status())

	a := newMember(t, s, "李四", "l@example.com", approve("GR240001"))
	p, err := payment.NewClaim(a.ID(), payment.PurposeJoin, payment.MethodTransfer, 100, payment.Voucher{}, t0)
	require.NoError(t, err)
	require.NoError(t, s.Payments().Add(ctx, p))
	require.NoError(t, p.Reject("no money", "staff-1", t0)) // the added payment changes, not the stored one
	loaded, err := s.Payments().Get(ctx, p.ID())
	require.NoError(t, err)
	loaded.Close("closed", t0) // a loaded copy changes, not the stored one
	loaded, err = s.Payments().Get(ctx, p.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.StatusOpen, loaded.Status())
	assert.Equal(t, int64(100), loaded.AmountFen())

	payload := []byte("secret")
	require.NoError(t, s.Tokens().Put(ctx, "reset", "k", payload, t0.Add(time.Hour)))
	payload[0] = 'X'
	require.NoError(t, s.Settings().Put(ctx, "fees", payload, t0))
	payload[0] = 'Y'
	back, err := s.Tokens().Take(ctx, "reset", "k", t0)
	require.NoError(t, err)
	assert.Equal(t, "secret", string(back))
	v, _, err := s.Settings().Get(ctx, "fees")
	require.NoError(t, err)
	v[1] = 'Z'
	v, _, err = s.Settings().Get(ctx, "fees")
	require.NoError(t, err)
	assert.Equal(t, "Xecret", string(v))

	lines := []payment.StoredLine{{ID: "l1", StatementID: "s1", Key: "k1", Status: payment.LineUnmatched,
		Match: payment.Proposal{Kind: payment.MatchAmbiguous, Candidates: []string{"a", "b"}}}}
	_, err = s.Statements().Add(ctx, payment.Statement{ID: "s1"}, lines)
	require.NoError(t, err)
	lines[0].Match.Candidates[0] = "changed"
	l, err := s.Statements().GetLine(ctx, "l1")
	require.NoError(t, err)
	l.Match.Candidates[1] = "changed"
	l, err = s.Statements().GetLine(ctx, "l1")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, l.Match.Candidates)
}

// Events are recorded at commit, in commit order, stamped by the store's clock;
// a rolled-back update records none.
func TestEvents(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(fixedClock{t0.Add(time.Minute)})
	m := newMember(t, s, "张三", "z@example.com")
	err := s.Members().Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("new", t0)
		return errors.New("refused")
	})
	require.Error(t, err)
	require.NoError(t, s.Members().Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return membertest.Submit(m, t0)
	}))
	events := s.Events()
	require.Len(t, events, 2)
	assert.Equal(t, "member.registered", events[0].Name)
	assert.Equal(t, "member.application_submitted", events[1].Name)
	assert.Equal(t, int64(2), events[1].Seq)
	assert.Equal(t, t0.Add(time.Minute), events[1].RecordedAt)
	assert.IsType(t, member.ApplicationSubmitted{}, events[1].Event)
	assert.Contains(t, string(events[1].Payload), m.ID())
	after := s.EventsAfter(1, 10)
	require.Len(t, after, 1)
	assert.Equal(t, int64(2), after[0].Seq)
	assert.Empty(t, s.EventsAfter(2, 0))
}

// Inside a transaction, the stores that join it see its writes; the others,
// and everyone else, see the committed state until it commits.
func TestReadCommitted(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	m := newMember(t, s, "张三", "z@example.com", approve("GR240001"))
	err := s.Transactor().InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, s.Members().Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			return m.AssignPaymentRef("HF3467AB", t0)
		}))
		taken, err := s.Lookup().PaymentRefTaken(ctx, "HF3467AB")
		require.NoError(t, err)
		assert.True(t, taken, "the lookup joins the transaction")
		got, err := s.Members().Get(ctx, m.ID())
		require.NoError(t, err)
		assert.Empty(t, got.PaymentRef(), "Get reads the committed state, as bunstore's does")
		outside, err := s.Lookup().PaymentRefTaken(context.Background(), "HF3467AB")
		require.NoError(t, err)
		assert.False(t, outside, "nothing is visible outside before the commit")
		return nil
	})
	require.NoError(t, err)
	taken, err := s.Lookup().PaymentRefTaken(ctx, "HF3467AB")
	require.NoError(t, err)
	assert.True(t, taken)
}

// A write that would not join the transaction in its context fails at once
// (bunstore's would wait for the transaction's own write lock), and the
// transaction rolls back.
func TestNotJoinedWriteFails(t *testing.T) {
	ctx := context.Background()
	s := memstore.New(nil)
	m := newMember(t, s, "张三", "z@example.com", approve("GR240001"))
	err := s.Transactor().InTx(ctx, func(ctx context.Context) error {
		require.NoError(t, s.Members().Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			return m.ClaimPayment(t0)
		}))
		_, err := s.Leases().Acquire(ctx, "sweep", "me", t0, time.Hour)
		return err
	})
	require.ErrorIs(t, err, memstore.ErrNotJoined)
	got, err := s.Members().Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusApproved, got.Status())
}

// A context kept beyond its transaction cannot write through it any more.
func TestTxDone(t *testing.T) {
	s := memstore.New(nil)
	var kept context.Context
	require.NoError(t, s.Transactor().InTx(context.Background(), func(ctx context.Context) error {
		kept = ctx
		return nil
	}))
	_, err := s.Sequences().Next(kept, "x")
	require.ErrorIs(t, err, memstore.ErrTxDone)
}

// Contexts are honoured: a cancelled one fails at once, a writer waits for the
// write lock only as long as its context allows, and a transaction whose
// context ends before it commits is rolled back.
func TestContexts(t *testing.T) {
	s := memstore.New(nil)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Members().Get(cancelled, "x")
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.Sequences().Next(cancelled, "x")
	require.ErrorIs(t, err, context.Canceled)

	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.Transactor().InTx(context.Background(), func(ctx context.Context) error {
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	short, stop := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer stop()
	_, err = s.Sequences().Next(short, "x")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	close(release)
	require.NoError(t, <-done)

	ctx, cancelTx := context.WithCancel(context.Background())
	err = s.Transactor().InTx(ctx, func(ctx context.Context) error {
		_, err := s.Sequences().Next(ctx, "x")
		cancelTx()
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
	v, err := s.Sequences().Next(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v, "the cancelled transaction's value was rolled back")
}

// Adding a member whose number or payment reference is taken is a plain error,
// as in bunstore (which maps only name and email clashes when adding).
func TestAddTakenNumber(t *testing.T) {
	s := memstore.New(nil)
	newMember(t, s, "张三", "z@example.com", approve("GR240001"))
	m, err := member.Register(member.Registration{Kind: member.Individual, Name: "李四", Email: "l@example.com",
		PasswordHash: "h"}, t0)
	require.NoError(t, err)
	require.NoError(t, membertest.Approve(m, "GR240001", t0))
	err = s.Members().Add(context.Background(), m)
	require.Error(t, err)
	var e *apperr.Error
	assert.False(t, errors.As(err, &e), "not an apperr error: %v", err)
}
