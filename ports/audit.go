package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/audit"
)

// AuditQuery selects entries of the audit log. Zero fields select everything.
type AuditQuery struct {
	StaffID  string
	MemberID string
	Action   audit.Action
	// From and To bound At: From ≤ At < To (zero: unbounded).
	From, To time.Time
	// Limit and Offset page the answer (newest first); Limit ≤ 0 means all.
	Limit, Offset int
	// AfterID, when set, is the id of the last entry of the previous page:
	// the page is the entries that follow it, newest first (keyset paging,
	// Offset ignored, and the total is not counted: 0), so that walking the
	// whole log (导出) costs each page the same.
	AfterID int64
}

// AuditLog is the append-only log of staff actions. There is no update or
// delete: implementations refuse them at the storage level too (triggers in
// SQL), so that not even a bug can rewrite history.
type AuditLog interface {
	// Append writes one entry (its ID is assigned), joining the transaction in
	// ctx when there is one, so that the entry commits or rolls back with the
	// action it records.
	Append(ctx context.Context, e audit.Entry) error
	// List returns one page of the matching entries, newest first, and how many
	// match in all.
	List(ctx context.Context, q AuditQuery) ([]audit.Entry, int, error)
}
