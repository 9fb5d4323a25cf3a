package command

import (
	"context"
	"errors"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// RenewalSweepLease is the name of the lease a renewal sweep holds.
const RenewalSweepLease = "renewal_sweep"

// SweepResult reports a renewal sweep.
type SweepResult struct {
	Ran      bool // false when another instance holds the lease
	Examined int  // candidates looked at
	Changed  int  // members changed (expiring, reminded, lapsed)
}

// SweepOptions tune the renewal sweep.
type SweepOptions struct {
	// Renewal is the reminder and grace-period policy (default
	// member.DefaultRenewalPolicy).
	Renewal member.RenewalPolicy
	// LeaseTTL is how long a sweep holds its lease (default 1 h).
	LeaseTTL time.Duration
	// Location is the association's time zone.
	Location *time.Location
}

// RenewalSweepHandler runs the renewal sweep. It has no principal: the
// scheduler runs it.
type RenewalSweepHandler struct {
	members  ports.MemberRepository
	renewals ports.RenewalIndex
	leases   ports.Leases
	tx       ports.Transactor
	clock    ports.Clock
	o        SweepOptions
}

// NewRenewalSweepHandler builds the handler; without leases or a renewal index
// a sweep does nothing.
func NewRenewalSweepHandler(members ports.MemberRepository, renewals ports.RenewalIndex, leases ports.Leases,
	tx ports.Transactor, clock ports.Clock, o SweepOptions) *RenewalSweepHandler {
	if o.Renewal.ReminderDays == nil {
		o.Renewal = member.DefaultRenewalPolicy
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = time.Hour
	}
	o.Location = orUTC(o.Location)
	return &RenewalSweepHandler{members: members, renewals: renewals, leases: leases, tx: tx, clock: clock, o: o}
}

// sweepBatch is how many candidates a sweep loads at a time, sweepTxSize how
// many members it changes in one transaction (far fewer commits; each member is
// still locked and checked on its own).
const (
	sweepBatch  = 500
	sweepTxSize = 100
)

// Handle runs one sweep for holder (an instance id) if it can take the lease:
// members whose validity is ending become expiring and get the 30- and 7-day
// reminders (each once), members past the grace period lapse. The lease is
// kept after the sweep until it expires (SweepOptions.LeaseTTL), so that of
// several instances sweeping on their own schedules at most one does the work
// per period; the same holder may sweep again at any time. Each member's
// change is also guarded by the member's own lock and state, so a sweep that
// overlaps another (an expired lease) cannot remind or lapse anyone twice.
func (h *RenewalSweepHandler) Handle(ctx context.Context, holder string) (SweepResult, error) {
	if h.leases == nil || h.renewals == nil {
		return SweepResult{}, nil
	}
	now := h.clock.Now().In(h.o.Location)
	ok, err := h.leases.Acquire(ctx, RenewalSweepLease, holder, now, h.o.LeaseTTL)
	if err != nil || !ok {
		return SweepResult{}, err
	}
	res := SweepResult{Ran: true}
	q := ports.RenewalQuery{Today: payment.Day(now), Policy: h.o.Renewal, Limit: sweepBatch}
	for {
		ids, err := h.renewals.RenewalCandidates(ctx, q)
		if err != nil {
			return res, err
		}
		for _, group := range groups(ids, sweepTxSize) {
			n, err := h.sweepGroup(ctx, group, now)
			res.Examined += len(group)
			res.Changed += n
			if err != nil {
				return res, err
			}
		}
		if len(ids) < sweepBatch {
			return res, nil
		}
		q.After = ids[len(ids)-1]
	}
}

// sweepGroup applies the renewal policy to members in one transaction and
// reports how many changed.
func (h *RenewalSweepHandler) sweepGroup(ctx context.Context, ids []string, now time.Time) (int, error) {
	changed := 0
	err := inTx(ctx, h.tx, func(ctx context.Context) error {
		changed = 0
		for _, mid := range ids {
			err := h.members.Update(ctx, mid, func(_ context.Context, m *member.Member) error {
				ok, err := m.SweepRenewal(now, h.o.Renewal)
				if err == nil && !ok {
					return errUnchanged
				}
				return err
			})
			switch {
			case err == nil:
				changed++
			case errors.Is(err, errUnchanged), apperr.IsKind(err, apperr.KindNotFound):
			default:
				return err
			}
		}
		return nil
	})
	if err != nil {
		if h.tx == nil {
			return changed, err
		}
		return 0, err
	}
	return changed, nil
}

func groups(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
