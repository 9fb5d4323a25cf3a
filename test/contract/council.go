package contract

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// CouncilFixture is a council repository with the members it refers to and the
// transactor of its store.
type CouncilFixture struct {
	Members ports.MemberRepository
	Council ports.CouncilRepository
	Tx      ports.Transactor
}

// RunCouncil runs the council repository's contract (完善理事资料): round trip
// of a form with its fields and rows, one form per member and kind, the staff
// queue's pages, order and counts, the 联系人信息 replaced in place, and a
// write rolled back with its transaction.
func RunCouncil(t *testing.T, newFixture func(t *testing.T) CouncilFixture) {
	run(t, "form round trip and replace", func(t *testing.T) { councilRoundTrip(t, newFixture(t)) })
	run(t, "one form per member and kind", func(t *testing.T) { councilUnique(t, newFixture(t)) })
	run(t, "queue pages, order and counts", func(t *testing.T) { councilQueue(t, newFixture(t)) })
	run(t, "contact replaced in place", func(t *testing.T) { councilContact(t, newFixture(t)) })
	run(t, "a write rolls back with its transaction", func(t *testing.T) { councilRollback(t, newFixture(t)) })
}

func testForm(id, memberID string, kind council.Kind, st council.Status, at time.Time) council.Form {
	f := council.Form{ID: id, MemberID: memberID, Kind: kind, Status: st,
		Values: map[string]string{"name": "张三", "opinion": "同意推荐"},
		Rows:   []council.Row{{Period: "2010.09—2015.07", Detail: "某公司 总经理"}}, CreatedAt: at, UpdatedAt: at}
	if st != council.Draft {
		f.SubmittedAt = at
	}
	return f
}

func councilRoundTrip(t *testing.T, f CouncilFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "理事测试", "l@example.com", "19141263")
	_, err := f.Council.GetForm(ctx, "nope")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
	forms, err := f.Council.MemberForms(ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, forms)

	require.NoError(t, f.Council.PutForm(ctx, testForm("f2", m.ID(), council.Appointment, council.Draft, epoch())))
	want := testForm("f1", m.ID(), council.Recommend, council.Submitted, epoch())
	require.NoError(t, f.Council.PutForm(ctx, want))
	got, err := f.Council.GetForm(ctx, "f1")
	require.NoError(t, err)
	assert.Equal(t, want.Values, got.Values)
	assert.Equal(t, want.Rows, got.Rows)
	assert.Equal(t, council.Submitted, got.Status)
	assert.True(t, got.SubmittedAt.Equal(epoch().Truncate(time.Microsecond)), got.SubmittedAt)
	assert.True(t, got.ReviewedAt.IsZero())

	got.Status, got.ReturnReason, got.ReviewedAt = council.Returned, "请补充推荐意见", epoch().Add(time.Hour)
	got.Values["opinion"] = "改"
	require.NoError(t, f.Council.PutForm(ctx, got))
	again, err := f.Council.GetForm(ctx, "f1")
	require.NoError(t, err)
	assert.Equal(t, "请补充推荐意见", again.ReturnReason)
	assert.Equal(t, "改", again.Values["opinion"])
	assert.True(t, again.CreatedAt.Equal(got.CreatedAt))

	forms, err = f.Council.MemberForms(ctx, m.ID())
	require.NoError(t, err)
	require.Len(t, forms, 2)
	assert.Equal(t, []council.Kind{council.Recommend, council.Appointment}, []council.Kind{forms[0].Kind, forms[1].Kind})
}

func councilUnique(t *testing.T, f CouncilFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "理事甲", "a@example.com", "19141263")
	b := approved(t, f.Members, member.Enterprise, "理事乙", "b@example.com", "19141264")
	require.NoError(t, f.Council.PutForm(ctx, testForm("a1", a.ID(), council.Recommend, council.Draft, epoch())))
	require.Error(t, f.Council.PutForm(ctx, testForm("a2", a.ID(), council.Recommend, council.Draft, epoch())),
		"a second recommend form of the same member")
	require.NoError(t, f.Council.PutForm(ctx, testForm("b1", b.ID(), council.Recommend, council.Draft, epoch())))
	// Another member cannot take over a's form by its id.
	require.Error(t, f.Council.PutForm(ctx, testForm("a1", b.ID(), council.Appointment, council.Draft, epoch())))
	got, err := f.Council.GetForm(ctx, "a1")
	require.NoError(t, err)
	assert.Equal(t, a.ID(), got.MemberID)
}

func councilQueue(t *testing.T, f CouncilFixture) {
	ctx := context.Background()
	sts := []council.Status{council.Submitted, council.Submitted, council.Submitted, council.Returned,
		council.Accepted, council.Draft}
	for i, st := range sts {
		m := approved(t, f.Members, member.Enterprise, fmt.Sprintf("理事%d", i), fmt.Sprintf("q%d@example.com", i),
			fmt.Sprintf("1914127%d", i))
		require.NoError(t, f.Council.PutForm(ctx, testForm(fmt.Sprintf("q%d", i), m.ID(), council.Recommend, st,
			epoch().Add(time.Duration(i)*time.Hour))))
	}
	page, total, err := f.Council.ListForms(ctx, ports.CouncilFilter{Status: council.Submitted, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, total)
	require.Len(t, page, 2)
	assert.Equal(t, []string{"q2", "q1"}, []string{page[0].ID, page[1].ID}, "most recently submitted first")
	page, _, err = f.Council.ListForms(ctx, ports.CouncilFilter{Status: council.Submitted, Limit: 2, Offset: 2})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, "q0", page[0].ID)
	_, total, err = f.Council.ListForms(ctx, ports.CouncilFilter{Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 5, total, "every status but drafts")
	counts, err := f.Council.CountForms(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[council.Status]int{council.Submitted: 3, council.Returned: 1, council.Accepted: 1,
		council.Draft: 1}, counts)
}

func councilContact(t *testing.T, f CouncilFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "联系人理事", "k@example.com", "19141263")
	_, ok, err := f.Council.GetContact(ctx, m.ID())
	require.NoError(t, err)
	assert.False(t, ok)
	c := council.Contact{MemberID: m.ID(), Name: "李四", Title: "办公室主任", Phone: "010-68412345",
		Email: "li@example.com", UpdatedAt: epoch()}
	require.NoError(t, f.Council.PutContact(ctx, c))
	c.Email, c.UpdatedAt = "new@example.com", epoch().Add(time.Hour)
	require.NoError(t, f.Council.PutContact(ctx, c))
	got, ok, err := f.Council.GetContact(ctx, m.ID())
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "new@example.com", got.Email)
	assert.Equal(t, "李四", got.Name)
	assert.True(t, got.UpdatedAt.Equal(epoch().Add(time.Hour).Truncate(time.Microsecond)))
}

func councilRollback(t *testing.T, f CouncilFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "回滚理事", "r@example.com", "19141263")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.Council.PutForm(ctx, testForm("r1", m.ID(), council.Recommend, council.Draft, epoch())); err != nil {
			return err
		}
		if err := f.Council.PutContact(ctx, council.Contact{MemberID: m.ID(), Name: "王五", Title: "主任",
			Phone: "010-68412345", Email: "w@example.com", UpdatedAt: epoch()}); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	forms, err := f.Council.MemberForms(ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, forms)
	_, ok, err := f.Council.GetContact(ctx, m.ID())
	require.NoError(t, err)
	assert.False(t, ok)
}
