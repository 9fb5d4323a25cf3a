package member_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
)

// A returned council form is an event of the member's, carrying the form, the
// reason and the council contact's address; the member's state is unchanged.
func TestReturnCouncilFormRecordsTheEvent(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	before := m.Snapshot()
	m.PullEvents()
	m.ReturnCouncilForm("f1", "理事会副会长干部任免表", "请补充简历", "c@example.com", t0)
	es := m.PullEvents()
	require.Len(t, es, 1)
	ev, ok := es[0].(member.CouncilFormReturned)
	require.True(t, ok)
	assert.Equal(t, "member.council_form_returned", ev.EventName())
	assert.Equal(t, "请补充简历", ev.Reason)
	assert.Equal(t, "c@example.com", ev.ContactEmail)
	assert.Equal(t, before, m.Snapshot())
}
