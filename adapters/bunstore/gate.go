package bunstore

import "context"

// fifoGate admits callers in the order they arrived, at most its capacity at a
// time. database/sql hands a freed connection to a random one of the
// goroutines waiting for it, so that under a load of more requests than
// connections some wait many turns while others wait none: a long tail of
// latency (the p99 of 会员查询 at 64 connections was ten times its median). A
// read that waits at this gate for a connection's worth of room instead waits
// its turn. Blocked senders on a Go channel are woken in the order they came.
type fifoGate chan struct{}

// newFIFOGate returns a gate admitting n callers at a time.
func newFIFOGate(n int) fifoGate { return make(fifoGate, max(n, 1)) }

// enter waits for room (or for ctx to end).
func (g fifoGate) enter(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leave gives the room back.
func (g fifoGate) leave() { <-g }
