package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/invoice"
)

// InvoiceRepository stores invoice requests (缴费发票 and 借发票). Add, Save,
// Get, ListForMember and OpenAdvance join the transaction in ctx. A missing
// request is an apperr NotFound.
type InvoiceRepository interface {
	// Add stores a new request. A second live (pending or issued) request for
	// the same payment is an apperr Conflict (code invoice.ErrAlreadyAsked).
	Add(ctx context.Context, r *invoice.Request) error
	// Save stores a changed request if the stored one is still at the
	// version it was loaded at (r.Version()), and counts the version up;
	// otherwise — another user changed it meanwhile — it is an apperr
	// Conflict (code invoice.ErrChanged) and nothing is stored.
	Save(ctx context.Context, r *invoice.Request) error
	// Get loads a request by identity.
	Get(ctx context.Context, id string) (*invoice.Request, error)
	// ListForMember returns a member's requests, newest first.
	ListForMember(ctx context.Context, memberID string) ([]*invoice.Request, error)
	// OpenAdvances returns a member's open advance invoices (issued, neither
	// settled nor written off), oldest first.
	OpenAdvances(ctx context.Context, memberID string) ([]*invoice.Request, error)
	// List returns one page of requests for finance's queue and how many match.
	List(ctx context.Context, f InvoiceFilter) ([]*invoice.Request, int, error)
	// Count returns the sizes of the queue's tabs, counting advances overdue
	// before today.
	Count(ctx context.Context, today time.Time) (InvoiceCounts, error)
}

// InvoiceFilter selects requests for finance's queue. Pending requests list
// oldest first, the others most recently changed first; overdue advances by
// their expected day.
type InvoiceFilter struct {
	State    invoice.State        // one state (empty: any)
	Advance  invoice.AdvanceState // one advance state (empty: any request)
	Overdue  time.Time            // with Advance open: only those expected before this day
	MemberID string
	Limit    int
	Offset   int
}

// InvoiceCounts are the sizes of the queue's tabs.
type InvoiceCounts struct {
	Pending        int // 待开票
	Issued         int // 已开票
	Returned       int // 已退回
	AdvanceOpen    int // 借票未回款
	AdvanceOverdue int // of those, past their expected day
}
