package query_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

func (e *env) reviewQueue(q query.ReviewQueue) (query.ReviewQueuePage, error) {
	return query.NewReviewQueueHandler(e.store.Applications(), e.policy).Handle(e.ctx, q)
}

// The review queue lists the applications waiting, oldest first, with the
// applicant's form data and the size of every tab; pages and kinds filter.
func TestReviewQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	person := e.member(member.Individual, "张三", member.StatusSubmitted)
	var waiting []string
	for i := range 3 {
		e.clock.Advance(time.Hour)
		waiting = append(waiting, e.member(member.Enterprise, fmt.Sprintf("第%d公司", i+1), member.StatusSubmitted).ID())
	}
	e.member(member.Individual, "李四", member.StatusRejected)
	e.member(member.Enterprise, "已批公司", member.StatusActive)
	e.member(member.Individual, "王五", member.StatusDraft)
	reviewer := apptest.StaffOf(access.RoleReviewer)

	page, err := e.reviewQueue(query.ReviewQueue{Principal: reviewer, PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, member.StatusSubmitted, page.Status, "the default tab")
	assert.Equal(t, ports.ApplicationCounts{Submitted: 4, Rejected: 1, Approved: 1}, page.Counts)
	assert.Equal(t, 4, page.Total)
	assert.Equal(t, 2, page.Pages)
	require.Len(t, page.Items, 2)
	assert.Equal(t, person.ID(), page.Items[0].MemberID, "oldest submission first")
	assert.Equal(t, waiting[0], page.Items[1].MemberID)
	it := page.Items[1]
	assert.Equal(t, "第1公司", it.Name)
	assert.Equal(t, "李明", it.ContactName)
	assert.Equal(t, "北京市", it.ProvinceLabel)
	assert.NotEmpty(t, it.IndustryLabel)
	assert.True(t, it.HasScan)

	page, err = e.reviewQueue(query.ReviewQueue{Principal: reviewer, Kind: member.Enterprise, Page: 2, PageSize: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total)
	require.Len(t, page.Items, 1)
	assert.Equal(t, waiting[2], page.Items[0].MemberID)

	page, err = e.reviewQueue(query.ReviewQueue{Principal: reviewer, Status: member.StatusRejected, PageSize: 1000})
	require.NoError(t, err)
	assert.Equal(t, query.MaxPageSize, page.PageSize)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "资料不全", page.Items[0].RejectReason)
	assert.Equal(t, "13912345678", page.Items[0].ContactMobile, "a person is its own contact")
}

// Refusals: an unknown tab or kind; finance, a member, nobody.
func TestReviewQueueRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Individual, "张三", member.StatusSubmitted)
	_, err := e.reviewQueue(query.ReviewQueue{Principal: apptest.StaffOf(access.RoleAdmin), Status: member.StatusDraft,
		Kind: "robot"})
	assert.Equal(t, map[string]string{"status": "status_invalid", "kind": "kind_invalid"}, fieldCodes(err))
	_, err = e.reviewQueue(query.ReviewQueue{Principal: apptest.StaffOf(access.RoleFinance)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.reviewQueue(query.ReviewQueue{Principal: apptest.MemberOf(m)})
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.reviewQueue(query.ReviewQueue{Principal: access.Guest})
	wantErr(t, err, apperr.KindUnauthorized, "login_required")
}
