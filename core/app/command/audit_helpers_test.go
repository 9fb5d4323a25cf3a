package command_test

import (
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// auditor writes the env's audit log.
func (e *env) auditor() *command.Auditor { return command.NewAuditor(e.store.AuditLog(), e.clock) }

// auditCount is how many entries the audit log holds.
func (e *env) auditCount() int {
	e.t.Helper()
	_, n, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Limit: 1})
	require.NoError(e.t, err)
	return n
}

// audited returns the audit log's entries of action, newest first.
func (e *env) audited(action audit.Action) []audit.Entry {
	e.t.Helper()
	got, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: action})
	require.NoError(e.t, err)
	return got
}

// auditedOnce asserts that the log holds exactly one entry of action, taken by
// staff p (its id, or "system" for the zero principal) now and concerning
// memberID, and returns it.
func (e *env) auditedOnce(action audit.Action, p access.Principal, memberID string) audit.Entry {
	e.t.Helper()
	got := e.audited(action)
	require.Len(e.t, got, 1, "one %s entry", action)
	want := "system"
	if p.IsStaff() {
		want = p.ID
	}
	en := got[0]
	assert.Equal(e.t, want, en.StaffID, "who acted")
	assert.Equal(e.t, memberID, en.MemberID, "the member concerned")
	assert.True(e.t, e.clock.Now().Equal(en.At), "when: %v", en.At)
	assert.NotEmpty(e.t, en.Summary)
	return en
}
