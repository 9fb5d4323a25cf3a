package command

import (
	"context"
)

// RenewalSweepLease is the name of the lease a renewal sweep holds.
const RenewalSweepLease = "renewal_sweep"

// SweepResult reports a renewal sweep.
type SweepResult struct {
	Ran      bool // false when another instance holds the lease
	Examined int  // candidates looked at
	Changed  int  // members changed (expiring, reminded, lapsed)
}

// RenewalSweepHandler runs the renewal sweep.
type RenewalSweepHandler struct{ fees *FeeService }

// NewRenewalSweepHandler builds the handler.
func NewRenewalSweepHandler(s *FeeService) *RenewalSweepHandler { return &RenewalSweepHandler{fees: s} }

// Handle runs one sweep for holder (an instance id) if it can take the lease:
// members whose validity is ending become expiring and get the 30- and 7-day
// reminders (each once), members past the grace period lapse. The lease is
// kept after the sweep until it expires (FeeOptions.SweepLeaseTTL), so that of
// several instances sweeping on their own schedules at most one does the work
// per period; the same holder may sweep again at any time. Each member's
// change is also guarded by the member's own lock and state, so a sweep that
// overlaps another (an expired lease) cannot remind or lapse anyone twice.
func (h *RenewalSweepHandler) Handle(ctx context.Context, holder string) (SweepResult, error) {
	return h.fees.sweep(ctx, holder)
}
