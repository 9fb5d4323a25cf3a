package ports

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/domain/bulknotice"
)

// BulkNotices keeps the bulk notices (群发通知): each campaign and one
// recipient row per member it goes to, unique per (campaign, member).
// Every method joins the transaction in ctx.
type BulkNotices interface {
	// Create stores the campaign and a pending recipient for every member f
	// selects, in one statement where the store can (insert … select), so that
	// no list of members is held in memory; it returns how many recipients it
	// stored. When f selects nobody it stores nothing and returns 0.
	Create(ctx context.Context, c bulknotice.Campaign, f MemberFilter) (int, error)
	// ByRequestKey finds the campaign a sending form's key made, if any.
	ByRequestKey(ctx context.Context, key string) (bulknotice.Campaign, bool, error)
	// Get loads one campaign; an unknown id is bulknotice.NotFoundError.
	Get(ctx context.Context, id string) (bulknotice.Campaign, error)
	// List returns a page of campaigns, newest first, and how many there are.
	List(ctx context.Context, limit, offset int) ([]bulknotice.Campaign, int, error)
	// Progress counts a campaign's recipients by state (an SQL aggregate).
	Progress(ctx context.Context, id string) (bulknotice.Progress, error)
	// NextPending returns the oldest campaign with pending recipients.
	NextPending(ctx context.Context) (bulknotice.Campaign, bool, error)
	// Start sets the campaign's StartedAt unless it is set already.
	Start(ctx context.Context, id string, at time.Time) error
	// Pending returns up to limit pending recipients of a campaign, in
	// member order.
	Pending(ctx context.Context, campaignID string, limit int) ([]bulknotice.Recipient, error)
	// Mark sets the state of a campaign's recipients (pending ones only) and
	// reports how many changed.
	Mark(ctx context.Context, campaignID string, memberIDs []string, state bulknotice.State, at time.Time) (int, error)
}
