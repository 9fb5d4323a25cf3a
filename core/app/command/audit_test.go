package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// The auditor fills in who, from where and when; an action of no staff
// account (the command line) is the system's; without a log it refuses.
func TestAuditorRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	log := e.store.AuditLog()
	a := command.NewAuditor(log, e.clock)
	staffP := access.Principal{Kind: access.PrincipalStaff, ID: "s1", Role: access.RoleAdmin, Address: "198.51.100.4"}
	require.NoError(t, a.Record(e.ctx, staffP, audit.Entry{Action: audit.MemberEdit, MemberID: "m1", Reason: "更正"}))
	require.NoError(t, a.Record(e.ctx, access.Principal{}, audit.Entry{Action: audit.StaffCreate, Subject: "staff:x"}))

	got, total, err := log.List(e.ctx, ports.AuditQuery{})
	require.NoError(t, err)
	require.Equal(t, 2, total)
	byAction := map[audit.Action]audit.Entry{got[0].Action: got[0], got[1].Action: got[1]}
	edit := byAction[audit.MemberEdit]
	assert.Equal(t, "s1", edit.StaffID)
	assert.Equal(t, "198.51.100.4", edit.Address)
	assert.True(t, e.clock.Now().Equal(edit.At), "stamped by the clock")
	assert.Equal(t, "system", byAction[audit.StaffCreate].StaffID)

	require.Error(t, command.NewAuditor(nil, e.clock).Record(e.ctx, staffP, audit.Entry{Action: audit.MemberEdit}))
	require.Error(t, a.Record(e.ctx, staffP, audit.Entry{}), "an entry without an action")
	_, total, err = log.List(e.ctx, ports.AuditQuery{})
	require.NoError(t, err)
	assert.Equal(t, 2, total, "nothing stored from the refused records")
}
