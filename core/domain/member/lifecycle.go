package member

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// ErrStaleVersion is the code of a staff change made on an outdated copy of
// the member.
const ErrStaleVersion = "stale_version"

// Version returns how many times the member was stored (see Snapshot.Version).
func (m *Member) Version() int64 { return m.version }

// StatusReason returns why the member was suspended or withdrew (empty
// otherwise).
func (m *Member) StatusReason() string { return m.statusReason }

// CheckVersion refuses a change prepared on another version of the member
// than the stored one: someone changed it meanwhile. The conflict names the
// field "version" so that forms can say so beside the button.
func (m *Member) CheckVersion(version int64) error {
	if version == m.version {
		return nil
	}
	return apperr.FieldConflict("version", ErrStaleVersion, "该会员资料已被他人修改，请刷新后重试")
}

// Suspend suspends the membership of a member with a validity (active,
// expiring or lapsed) with a reason: the member keeps its login, home page and
// notifications but may not pay or apply until reinstated.
func (m *Member) Suspend(reason string, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.from("暂停会籍", StatusActive, StatusExpiring, StatusLapsed); err != nil {
		return err
	}
	if err := m.moveTo(StatusSuspended, now); err != nil {
		return err
	}
	m.statusReason = reason
	m.Record(MembershipSuspended{Base: m.base(now), Reason: reason})
	return nil
}

// Reinstate ends a suspension: the member is active again, then the renewal
// policy applies at once (expiring within its window, lapsed past the grace
// period), so that the status says what the validity says.
func (m *Member) Reinstate(reason string, now time.Time, p RenewalPolicy) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.from("恢复会籍", StatusSuspended); err != nil {
		return err
	}
	if err := m.moveTo(StatusActive, now); err != nil {
		return err
	}
	m.statusReason = ""
	if _, err := m.SweepRenewal(now, p); err != nil {
		return fmt.Errorf("reinstate member %s: %w", m.id, err)
	}
	m.Record(MembershipReinstated{Base: m.base(now), Reason: reason, Status: m.status})
	return nil
}

// Withdraw ends the membership for good (退会), at the member's request
// (byRequest) or by the association's decision, with a reason. Members from
// the approval of their application on may withdraw — not while a payment
// claim waits for finance, which must be settled first. Applicants are not
// members yet; a withdrawn member stays withdrawn.
func (m *Member) Withdraw(reason string, byRequest bool, now time.Time) error {
	reason, err := checkReason(reason)
	if err != nil {
		return err
	}
	if err := m.from("办理退会", StatusApproved, StatusPaid, StatusAwaitingSecretariat, StatusActive,
		StatusExpiring, StatusLapsed, StatusSuspended); err != nil {
		return err
	}
	if err := m.moveTo(StatusWithdrawn, now); err != nil {
		return err
	}
	m.statusReason = reason
	m.Record(Withdrew{Base: m.base(now), Reason: reason, ByRequest: byRequest})
	return nil
}
