package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// PaymentRepository stores payments (claims, vouchers, online orders). Payments
// change only inside the owning member's MemberRepository.Update: called with
// the context Update passes to its closure, Add and Save join that transaction,
// so the payment and the member commit together and the member's lock guards
// the payment. Lookups of a missing payment return an apperr NotFound.
type PaymentRepository interface {
	// Add stores a new payment. An out_trade_no or a confirmed bank reference
	// that is already used is an apperr Conflict.
	Add(ctx context.Context, p *payment.Payment) error
	// Save stores a changed payment. A confirmed bank reference used by another
	// confirmed payment is an apperr Conflict (code bank_ref_taken).
	Save(ctx context.Context, p *payment.Payment) error
	// Get loads a payment by identity.
	Get(ctx context.Context, id string) (*payment.Payment, error)
	// GetByOutTradeNo loads an online order by its out_trade_no.
	GetByOutTradeNo(ctx context.Context, outTradeNo string) (*payment.Payment, error)
	// ListForMember returns a member's payments, newest first (at most limit).
	ListForMember(ctx context.Context, memberID string, limit int) ([]*payment.Payment, error)
	// List returns one page of payments with their members, and the number of all
	// matches.
	List(ctx context.Context, f PaymentFilter) ([]PaymentWithMember, int, error)
	// Count returns the sizes of the finance queue's tabs.
	Count(ctx context.Context) (PaymentCounts, error)
	// Ledger streams the payments f selects (its Limit and Offset are
	// ignored), oldest handled first, each with its member's number and name
	// and the number of the invoice issued for it, calling each per row while
	// the cursor is open (each must not use the repository). An error of each
	// stops the stream and is returned.
	Ledger(ctx context.Context, f PaymentFilter, each func(LedgerEntry) error) error
}

// LedgerEntry is one row of the payment ledger (finance's export).
type LedgerEntry struct {
	Payment       *payment.Payment
	MemberNumber  string
	MemberName    string
	InvoiceNumber string // the invoice issued for the payment ("" when none)
}

// PaymentFilter selects payments for the finance queue.
type PaymentFilter struct {
	// Statuses to list (empty: every status). Open payments list oldest first,
	// others newest handled first.
	Statuses []payment.Status
	// Methods to list (empty: every method).
	Methods []payment.Method
	// AwaitingFinance keeps only the payments waiting for finance
	// (payment.Payment.AwaitsFinance): open claims and vouchers, and open online
	// orders a sandbox gateway reported paid.
	AwaitingFinance bool
	MemberID        string // one member's payments
	Limit           int
	Offset          int
	// After, when set, is the id of the last payment of the previous page:
	// the page is the payments that follow it in the list's order (keyset
	// paging, Offset ignored, and the total is not counted: 0), so that
	// walking the whole list (导出) costs each page the same.
	After string

	// CreatedFrom and CreatedBefore keep the payments made in [from, before)
	// (zero: unbounded), e.g. the online orders the lost-notification job asks
	// about.
	CreatedFrom, CreatedBefore time.Time

	// Refunds keeps the payments whose refund stands in one of these states
	// (empty: any, none included), e.g. the 退款待办 list.
	Refunds []payment.RefundState
	// HandledFrom and HandledBefore keep the payments handled (confirmed) in
	// [from, before) (zero: unbounded), e.g. the ledger's date range.
	HandledFrom, HandledBefore time.Time
	// Owing keeps only the partial payments whose balance is still due.
	Owing bool
}

// PaymentWithMember is a payment and the member it belongs to.
type PaymentWithMember struct {
	Payment *payment.Payment
	Member  *member.Member
}

// PaymentCounts are the sizes of the finance queue's tabs. Open counts only the
// payments awaiting finance (claims, vouchers and sandbox-reported orders;
// other online orders wait for the gateway, not for finance).
type PaymentCounts struct {
	Open      int
	Confirmed int
	Rejected  int
	Duplicate int
	// Partial counts partial payments whose balance is still due, RefundDue
	// the payments with money to refund (退款待办), Refunded those refunded.
	Partial   int
	RefundDue int
	Refunded  int
}

// StatementRepository stores uploaded bank statements and their lines. Line keys
// are unique across statements: a line seen before is not stored again.
type StatementRepository interface {
	// Add stores a statement and those of its lines whose key is new — neither
	// stored before nor held by an earlier line of lines — in one transaction;
	// the statement's NewLines is set to how many were stored. It returns the
	// IDs of the lines it did not store.
	Add(ctx context.Context, s payment.Statement, lines []payment.StoredLine) (skipped []string, err error)
	// Get loads a statement and its lines in file order.
	Get(ctx context.Context, id string) (payment.Statement, []payment.StoredLine, error)
	// List returns statements, newest first, and how many there are.
	List(ctx context.Context, limit, offset int) ([]payment.Statement, int, error)
	// LinesByKey returns the stored lines with the given keys (of any statement).
	LinesByKey(ctx context.Context, keys []string) ([]payment.StoredLine, error)
	// Lines returns lines of any statement in a status, oldest first, and how many.
	Lines(ctx context.Context, status payment.LineStatus, limit, offset int) ([]payment.StoredLine, int, error)
	// GetLine loads one line.
	GetLine(ctx context.Context, id string) (payment.StoredLine, error)
	// SaveLine stores a line's status, match and payment; it joins a transaction
	// in ctx. Saving a line whose stored status is no longer from is an apperr
	// Conflict (another finance user handled it).
	SaveLine(ctx context.Context, l payment.StoredLine, from payment.LineStatus) error
}

// MemberLookup finds members for fee matching and the back-office queues.
type MemberLookup interface {
	// FindByPaymentRefs returns the members with the given reference codes.
	FindByPaymentRefs(ctx context.Context, codes []string) ([]*member.Member, error)
	// FindByMatchNames returns the members whose registered or application-form
	// name, normalized with payment.MatchName, is one of names.
	FindByMatchNames(ctx context.Context, names []string) ([]*member.Member, error)
	// ListByStatus returns one page of members in a status (oldest change first)
	// and how many there are.
	ListByStatus(ctx context.Context, status member.Status, kind member.Kind, limit, offset int) ([]*member.Member, int, error)
	// PaymentRefTaken reports whether another member uses the code.
	PaymentRefTaken(ctx context.Context, code string) (bool, error)
}

// RenewalQuery selects the members a renewal sweep must look at on a day.
type RenewalQuery struct {
	Today  time.Time // the calendar day (midnight UTC)
	Policy member.RenewalPolicy
	After  string // resume after this member id (ids ascending)
	Limit  int
}

// RenewalIndex finds the members a renewal sweep has work for.
type RenewalIndex interface {
	// RenewalCandidates returns the ids (ascending, after q.After) of active or
	// expiring members whose validity ends within the policy's window and who are
	// due a status change or a reminder they have not had, or whose grace period
	// is over. It may return members with nothing to do; never misses one.
	RenewalCandidates(ctx context.Context, q RenewalQuery) ([]string, error)
}

// Leases hand a named job to at most one holder at a time across instances.
type Leases interface {
	// Acquire takes the lease name for holder until now+ttl if it is free, expired
	// or already the holder's, atomically; it reports whether holder has it.
	Acquire(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error)
	// Release gives the lease up if holder has it.
	Release(ctx context.Context, name, holder string) error
}

// Settings keeps small documents of settings (the admin's overrides of the
// configuration) by key.
type Settings interface {
	// Get returns the value of key and whether it is set.
	Get(ctx context.Context, key string) ([]byte, bool, error)
	// Put stores the value of key; it joins the transaction in ctx (a change
	// and its audit entry commit together).
	Put(ctx context.Context, key string, value []byte, at time.Time) error
}

// Transactor runs a function in one storage transaction: repositories called
// with the context it passes (MemberRepository.Update among them) join it, so
// that several members change together or not at all.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// StatementParser reads a bank statement file (CSV or XLSX) into lines. A file it
// cannot read, or a line it cannot understand, is an apperr Invalid error whose
// message says what and where.
type StatementParser interface {
	Parse(ctx context.Context, fileName string, data []byte) (format string, lines []payment.Line, err error)
}
