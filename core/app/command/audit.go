package command

import (
	"context"
	"fmt"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// Auditor writes the audit log's entries of staff actions. Every use case a
// staff member takes appends one entry through it, with the ctx of its own
// transaction, so that the entry commits or rolls back with the action.
type Auditor struct {
	log   ports.AuditLog
	clock ports.Clock
}

// NewAuditor returns an auditor writing to log, stamping entries with clock.
func NewAuditor(log ports.AuditLog, clock ports.Clock) *Auditor {
	return &Auditor{log: log, clock: clock}
}

// Record appends e as an action of principal p: the staff account, its address
// and the time are filled in from p and the clock. A principal that is not
// staff (the command line, the system) is recorded as "system" unless e
// names its StaffID already.
func (a *Auditor) Record(ctx context.Context, p access.Principal, e audit.Entry) error {
	if e.StaffID == "" {
		e.StaffID = "system"
		if p.IsStaff() {
			e.StaffID = p.ID
		}
	}
	if e.Address == "" {
		e.Address = p.Address
	}
	if e.At.IsZero() {
		e.At = a.clock.Now().UTC()
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if a.log == nil {
		return fmt.Errorf("audit %s: no audit log is configured (app.Deps.Audit)", e.Action)
	}
	if err := a.log.Append(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}
