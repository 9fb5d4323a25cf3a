// Package memstore implements every storage port of the module in memory: the
// same behaviour as adapters/bunstore (transactions, unique constraints and the
// errors they raise, ordering and paging, the outbox of recorded domain events)
// without a database. It is for tests and trials — use-case tests that run in
// milliseconds, an embedder's own tests, a demo — not for production: the data
// lives only in the process and is gone when it ends.
//
// One Store is one database. Take each port from it (Members, Sequences,
// Transactor …); the ports share its data, and a transaction opened by
// Transactor.InTx or MemberRepository.Update is joined by the stores bunstore
// lets join it (Sequences, TokenStore.Put and Take, PaymentRepository,
// StatementRepository.SaveLine …), through the context:
//
//	store := memstore.New(clock)
//	members, seq := store.Members(), store.Sequences()
//	err := members.Update(ctx, id, func(ctx context.Context, m *member.Member) error {
//		n, err := seq.Next(ctx, scope) // rolled back with the member if fn fails
//		…
//	})
//
// Like SQLite, the store has one writer at a time: a transaction holds the
// write lock from its start to its end, so updates serialize, and readers
// outside it see the last committed state. A write that does not join the
// transaction in its context (in bunstore it runs on a connection of its own
// and would wait for that transaction's lock) fails at once with an error
// instead of waiting. Rows are stored by value and aggregates are rebuilt with
// the domain's constructors on every read, so a caller changing what it got
// back changes nothing stored. Times are kept as bunstore keeps them: UTC, to
// the microsecond, calendar days as midnight UTC.
package memstore

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openassoc/membership/ports"
)

// Store is one in-memory database. It is safe for concurrent use; its zero
// value is not usable: call New.
type Store struct {
	clock ports.Clock
	// writer is the write lock: a token held by the one open transaction.
	writer chan struct{}
	// mu guards committed against a commit while readers read it.
	mu        sync.RWMutex
	committed *data
	events    []RecordedEvent
	// nextID numbers rows that have no identity of their own (login failures).
	nextID atomic.Int64
}

// New returns an empty store. clock stamps the recorded events (like the
// outbox's created_at); nil means the system clock.
func New(clock ports.Clock) *Store {
	if clock == nil {
		clock = ports.SystemClock{}
	}
	return &Store{clock: clock, writer: make(chan struct{}, 1), committed: newData()}
}

// Members returns the member repository; it implements ports.MemberRepository.
func (s *Store) Members() *MemberRepository { return &MemberRepository{s: s} }

// Staff returns the staff repository; it implements ports.StaffRepository.
func (s *Store) Staff() *StaffRepository { return &StaffRepository{s: s} }

// Sessions returns the session store; it implements ports.SessionStore.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s: s} }

// Tokens returns the token store; it implements ports.TokenStore.
func (s *Store) Tokens() *TokenStore { return &TokenStore{s: s} }

// LoginAttempts returns the failed-login counter; it implements ports.LoginAttempts.
func (s *Store) LoginAttempts() *LoginAttempts { return &LoginAttempts{s: s} }

// Sequences returns the counters; it implements ports.Sequences.
func (s *Store) Sequences() *Sequences { return &Sequences{s: s} }

// Applications returns the review queue's index; it implements
// ports.ApplicationIndex.
func (s *Store) Applications() *ApplicationIndex { return &ApplicationIndex{s: s} }

// Notifications returns the notification repository; it implements
// ports.NotificationRepository.
func (s *Store) Notifications() *NotificationRepository { return &NotificationRepository{s: s} }

// HandledEvents returns the ledger of handled events; it implements
// ports.HandledEvents.
func (s *Store) HandledEvents() *HandledEvents { return &HandledEvents{s: s} }

// WorkQueues returns the back office's queue counter; it implements
// ports.WorkQueueCounter.
func (s *Store) WorkQueues() *WorkQueueCounter { return &WorkQueueCounter{s: s} }

// Payments returns the payment repository; it implements ports.PaymentRepository.
func (s *Store) Payments() *PaymentRepository { return &PaymentRepository{s: s} }

// Statements returns the bank statement repository; it implements
// ports.StatementRepository.
func (s *Store) Statements() *StatementRepository { return &StatementRepository{s: s} }

// Lookup returns the member lookup; it implements ports.MemberLookup and
// ports.RenewalIndex.
func (s *Store) Lookup() *MemberLookup { return &MemberLookup{s: s} }

// Leases returns the job leases; it implements ports.Leases.
func (s *Store) Leases() *Leases { return &Leases{s: s} }

// Settings returns the settings documents; it implements ports.Settings.
func (s *Store) Settings() *Settings { return &Settings{s: s} }

// Transactor returns the transactor; it implements ports.Transactor.
func (s *Store) Transactor() *Transactor { return &Transactor{s: s} }

// Directory returns the member registry's search; it implements
// ports.MemberDirectory. loc is the association's time zone, in which a
// member's day of joining is taken (nil: UTC).
func (s *Store) Directory(loc *time.Location) *MemberDirectory {
	if loc == nil {
		loc = time.UTC
	}
	return &MemberDirectory{s: s, loc: loc}
}

// History returns the members' histories; it implements ports.MemberHistory.
func (s *Store) History() *MemberHistory { return &MemberHistory{s: s} }

// Transactor runs functions in one transaction of a Store that the stores
// called with its context join; it implements ports.Transactor.
type Transactor struct{ s *Store }

var _ ports.Transactor = (*Transactor)(nil)

// InTx runs fn in a transaction (joining the one in ctx, if any): what the
// stores called with fn's context write is committed together when fn returns
// nil, and none of it when fn returns an error, which InTx returns unchanged.
func (t *Transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return t.s.inTx(ctx, func(ctx context.Context, _ *tx) error { return fn(ctx) })
}
