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

// A submission's decisions are events of the member's, carrying the
// submission, its title and the article or the reason; the member's state is
// unchanged.
func TestSubmissionDecisionsRecordTheEvents(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	before := m.Snapshot()
	m.PullEvents()
	m.ApproveSubmission("s1", "我司通过体系认证", "a1", t0)
	m.RejectSubmission("s2", "年会纪要", "内容与协会无关", t0)
	es := m.PullEvents()
	require.Len(t, es, 2)
	ok1, ok := es[0].(member.SubmissionApproved)
	require.True(t, ok)
	assert.Equal(t, "member.submission_approved", ok1.EventName())
	assert.Equal(t, "a1", ok1.ArticleID)
	no, ok := es[1].(member.SubmissionRejected)
	require.True(t, ok)
	assert.Equal(t, "member.submission_rejected", no.EventName())
	assert.Equal(t, "内容与协会无关", no.Reason)
	assert.Equal(t, before, m.Snapshot())
}
