package contract

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/ports"
)

// ApplicationFixture is one fresh, empty store seen through the ports that share
// it: members with their applications, the member-number sequences and the
// review queue's index.
type ApplicationFixture struct {
	Members   ports.MemberRepository
	Sequences ports.Sequences
	Index     ports.ApplicationIndex
}

// RunApplications checks that a member repository keeps the application inside
// the member aggregate, that Sequences joins the member's transaction, and the
// ApplicationIndex. newFixture is called once per subtest.
func RunApplications(t *testing.T, newFixture func(t *testing.T) ApplicationFixture) {
	run(t, "application round-trips inside the member", func(t *testing.T) { applicationRoundTrip(t, newFixture(t)) })
	run(t, "failed update keeps the stored application", func(t *testing.T) { applicationUpdateFails(t, newFixture(t)) })
	run(t, "sequence takes part in the member transaction", func(t *testing.T) { sequenceInTransaction(t, newFixture(t)) })
	run(t, "concurrent approvals draw consecutive numbers", func(t *testing.T) { concurrentApprovals(t, newFixture(t)) })
	run(t, "index lists and counts applications", func(t *testing.T) { applicationIndex(t, newFixture(t)) })
}

func fullApplication(kind member.Kind, memberID string) application.Application {
	at := epoch()
	a := application.Application{
		ConfirmedStamped: true, SavedAt: at.Add(time.Minute), SubmittedAt: at.Add(2 * time.Minute),
		RejectedAt: at.Add(3 * time.Minute), ApprovedAt: at.Add(4*time.Minute + 7),
	}
	if kind == member.Individual {
		a.Individual = membertest.IndividualForm("张三", "z@example.com")
		a.ConfirmedStamped = false
		return a
	}
	a.Enterprise = membertest.EnterpriseForm("星河科技有限公司")
	a.Enterprise.Profile = "第一行\n第二行「引号」'单引号' \\ 反斜杠"
	a.Scan = application.Scan{Key: "scans/" + memberID + "/x.jpg", ContentType: application.ContentTypeJPEG,
		Size: 123456, FileName: "盖章 扫描件.jpg", UploadedAt: at.Add(90 * time.Second)}
	return a
}

// sameApplication compares applications, times to the microsecond in UTC.
func sameApplication(t *testing.T, want, got application.Application) {
	t.Helper()
	for _, p := range []struct {
		w, g *time.Time
		what string
	}{{&want.SavedAt, &got.SavedAt, "saved_at"}, {&want.SubmittedAt, &got.SubmittedAt, "submitted_at"},
		{&want.ApprovedAt, &got.ApprovedAt, "approved_at"}, {&want.RejectedAt, &got.RejectedAt, "rejected_at"},
		{&want.Scan.UploadedAt, &got.Scan.UploadedAt, "scan uploaded_at"}} {
		if p.w.IsZero() {
			assert.True(t, p.g.IsZero(), p.what)
			continue
		}
		sameInstant(t, *p.w, *p.g, p.what)
		*p.g = *p.w
	}
	assert.Equal(t, want, got)
}

func applicationRoundTrip(t *testing.T, f ApplicationFixture) {
	ctx := context.Background()
	for _, kind := range []member.Kind{member.Enterprise, member.Individual} {
		s := register(t, kind, "星河"+string(kind), string(kind)+"@xinghe.example").Snapshot()
		s.Status, s.Number = member.StatusApproved, "N-"+string(kind)
		s.Application = fullApplication(kind, s.ID)
		require.NoError(t, f.Members.Add(ctx, member.Restore(s)))
		for _, load := range []func() (*member.Member, error){
			func() (*member.Member, error) { return f.Members.Get(ctx, s.ID) },
			func() (*member.Member, error) { return f.Members.FindByEmail(ctx, s.Email) },
			func() (*member.Member, error) {
				ms, err := f.Members.FindForLogin(ctx, s.Number)
				if err != nil || len(ms) != 1 {
					return nil, fmt.Errorf("find for login: %v, %d", err, len(ms))
				}
				return ms[0], nil
			},
		} {
			m, err := load()
			require.NoError(t, err, kind)
			sameApplication(t, s.Application, m.Application())
		}
	}

	// Changes made through Update are stored with the member.
	m := addMember(t, f.Members, member.Enterprise, "月亮湾贸易有限公司", "moon@example.com")
	later := epoch().Add(time.Hour)
	require.NoError(t, f.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.SaveEnterpriseForm(application.EnterpriseForm{Name: "月亮湾贸易有限公司", Province: "44"}, false, later)
	}))
	got, err := f.Members.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusDraft, got.Status())
	assert.Equal(t, "44", got.Application().Enterprise.Province)
	sameInstant(t, later, got.Application().SavedAt, "saved_at")
	require.NoError(t, f.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return membertest.Submit(m, later.Add(time.Minute))
	}))
	got, err = f.Members.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusSubmitted, got.Status())
	assert.Equal(t, membertest.EnterpriseForm("月亮湾贸易有限公司"), got.Application().Enterprise)
	assert.Equal(t, membertest.Scan(got).Key, got.Application().Scan.Key)
	assert.True(t, got.Application().ConfirmedStamped)
}

func applicationUpdateFails(t *testing.T, f ApplicationFixture) {
	ctx := context.Background()
	m := addMember(t, f.Members, member.Enterprise, "星河科技有限公司", "office@xinghe.example")
	require.NoError(t, f.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.SaveEnterpriseForm(membertest.EnterpriseForm("星河科技有限公司"), true, epoch())
	}))
	refused := errors.New("refused")
	err := f.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		if _, err := m.AttachScan(membertest.Scan(m), epoch()); err != nil {
			return err
		}
		return refused
	})
	require.ErrorIs(t, err, refused)
	got, err := f.Members.Get(ctx, m.ID())
	require.NoError(t, err)
	assert.False(t, got.Application().Scan.Present(), "the rolled-back scan is not stored")
}

func sequenceInTransaction(t *testing.T, f ApplicationFixture) {
	ctx := context.Background()
	m := addMember(t, f.Members, member.Enterprise, "星河科技有限公司", "office@xinghe.example")
	scope := member.SequenceScope(member.Enterprise, epoch())
	refused := errors.New("refused")
	var inside int64
	err := f.Members.Update(ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		v, err := f.Sequences.Next(ctx, scope)
		inside = v
		if err != nil {
			return err
		}
		return refused
	})
	require.ErrorIs(t, err, refused)
	assert.Equal(t, int64(1), inside)

	err = f.Members.Update(ctx, m.ID(), func(ctx context.Context, _ *member.Member) error {
		v, err := f.Sequences.Next(ctx, scope)
		inside = v
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, int64(1), inside, "the rolled-back value was not used up")
	v, err := f.Sequences.Next(ctx, scope)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v, "the committed value was")
}

// concurrentApprovals approves n members at once, each drawing its number inside
// its own member transaction: the numbers are 1..n, each once.
func concurrentApprovals(t *testing.T, f ApplicationFixture) {
	const n = 200
	ctx := context.Background()
	ids := make([]string, n)
	for i := range ids {
		m := register(t, member.Enterprise, fmt.Sprintf("并发企业%03d", i), fmt.Sprintf("c%03d@example.com", i))
		require.NoError(t, membertest.Submit(m, epoch()))
		require.NoError(t, f.Members.Add(ctx, m))
		ids[i] = m.ID()
	}
	format := member.DefaultEnterpriseNumbers
	errs := parallel(n, func(i int) error {
		return f.Members.Update(ctx, ids[i], func(ctx context.Context, m *member.Member) error {
			seq, err := f.Sequences.Next(ctx, member.SequenceScope(m.Kind(), epoch()))
			if err != nil {
				return err
			}
			number, err := format.Format(epoch(), seq)
			if err != nil {
				return err
			}
			return m.Approve(number, epoch())
		})
	})
	seen := map[string]bool{}
	for i, err := range errs {
		require.NoError(t, err)
		m, err := f.Members.Get(ctx, ids[i])
		require.NoError(t, err)
		assert.False(t, seen[m.Number()], "number %s given twice", m.Number())
		seen[m.Number()] = true
	}
	for i := 1; i <= n; i++ {
		assert.True(t, seen[fmt.Sprintf("24%06d", i)], "number %d of %d", i, n)
	}
}

func applicationIndex(t *testing.T, f ApplicationFixture) {
	ctx := context.Background()
	add := func(name string, kind member.Kind, submitted time.Time, steps ...func(m *member.Member) error) string {
		m := register(t, kind, name, id.New(epoch())+"@example.com")
		require.NoError(t, membertest.Submit(m, submitted))
		for _, s := range steps {
			require.NoError(t, s(m))
		}
		require.NoError(t, f.Members.Add(ctx, m))
		return m.ID()
	}
	t0 := epoch()
	reject := func(m *member.Member) error { return m.Reject("材料不全", t0.Add(time.Hour)) }
	approve := func(number string, at time.Time) func(m *member.Member) error {
		return func(m *member.Member) error { return m.Approve(number, at) }
	}
	second := add("第二家", member.Enterprise, t0.Add(2*time.Minute))
	first := add("第一家", member.Enterprise, t0.Add(1*time.Minute))
	person := add("王五", member.Individual, t0.Add(3*time.Minute))
	rejected := add("退回家", member.Enterprise, t0, reject)
	oldApproved := add("老会员", member.Enterprise, t0, approve("24000001", t0.Add(time.Hour)),
		func(m *member.Member) error { return m.ConfirmPayment(t0.Add(2 * time.Hour)) })
	newApproved := add("新会员", member.Individual, t0, approve("GR240001", t0.Add(3*time.Hour)))
	addMember(t, f.Members, member.Enterprise, "只注册", "only@example.com") // no application

	list := func(flt ports.ApplicationFilter) ([]string, int) {
		ms, total, err := f.Index.ListApplications(ctx, flt)
		require.NoError(t, err)
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.ID()
			assert.True(t, m.Application().Started(), "members come with their applications")
		}
		return out, total
	}
	got, total := list(ports.ApplicationFilter{Status: member.StatusSubmitted, Limit: 10})
	assert.Equal(t, []string{first, second, person}, got, "oldest submission first")
	assert.Equal(t, 3, total)
	got, total = list(ports.ApplicationFilter{Status: member.StatusSubmitted, Limit: 1, Offset: 1})
	assert.Equal(t, []string{second}, got)
	assert.Equal(t, 3, total, "the total counts every page")
	got, _ = list(ports.ApplicationFilter{Status: member.StatusSubmitted, Kind: member.Individual, Limit: 10})
	assert.Equal(t, []string{person}, got)
	got, _ = list(ports.ApplicationFilter{Status: member.StatusRejected, Limit: 10})
	assert.Equal(t, []string{rejected}, got)
	got, total = list(ports.ApplicationFilter{Status: member.StatusApproved, Limit: 10})
	assert.Equal(t, []string{newApproved, oldApproved}, got, "latest approval first, whatever came after")
	assert.Equal(t, 2, total)

	counts, err := f.Index.CountApplications(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.ApplicationCounts{Submitted: 3, Rejected: 1, Approved: 2}, counts)
}
