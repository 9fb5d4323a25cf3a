package ports

import (
	"context"
	"time"
)

// UndeliveredMail is an email the mail queue gave up on: the mail server
// refused it for good (a permanent 5xx answer, e.g. an address that does not
// exist) or it could never be sent as it was (ErrUndeliverable). Nobody
// received it, so staff must see it to act (correct the address, tell the
// member another way).
type UndeliveredMail struct {
	ID       int64
	To       []string
	Subject  string
	Error    string    // why it failed: the server's answer or the message's fault
	Attempts int       // attempts made
	QueuedAt time.Time // when it was queued
}

// UndeliveredMailLog reads the emails the mail queue gave up on (the queue's
// failed rows), for the back office. Bodies are never exposed: they may carry
// links meant for the recipient only.
type UndeliveredMailLog interface {
	// CountUndelivered returns how many emails failed for good.
	CountUndelivered(ctx context.Context) (int, error)
	// ListUndelivered returns one page of them, newest first (limit ≤ 0: all),
	// and how many there are in all.
	ListUndelivered(ctx context.Context, limit, offset int) ([]UndeliveredMail, int, error)
}
