package contract

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func facetsOf(t *testing.T, d ports.MemberDirectory, f ports.MemberFilter) ports.MemberFacets {
	t.Helper()
	if f.Today.IsZero() {
		f.Today = today()
	}
	got, err := d.Search(context.Background(), ports.MemberQuery{Filter: f, Limit: 1, Facets: true})
	require.NoError(t, err)
	require.NotNil(t, got.Facets, "counts when asked")
	return got.Facets
}

func directoryFacets(t *testing.T, f DirectoryFixture) {
	seedRegistry(t, f)
	all := facetsOf(t, f.Directory, ports.MemberFilter{})
	assert.Equal(t, map[string]int{"enterprise": 6, "individual": 2}, all[ports.FacetKind])
	assert.Equal(t, map[string]int{"普通会员": 6, "会员": 2}, all[ports.FacetLevel])
	assert.Equal(t, map[string]int{"active": 2, "expiring": 1, "approved": 1, "payment_claimed": 1, "draft": 1,
		"registered": 2}, all[ports.FacetStatus])
	assert.Equal(t, map[string]int{"paid": 2, "confirming": 2, "unpaid": 1, "not_due": 3}, all[ports.FacetFeeState])
	assert.Equal(t, map[string]int{"11": 4, "31": 1, "50": 1, "": 2}, all[ports.FacetProvince])
	assert.Equal(t, map[string]int{"C": 3, "J": 1, "M": 1, "": 3}, all[ports.FacetIndustry])
	assert.Equal(t, map[string]int{"2024": 4, "2025": 1, "": 3}, all[ports.FacetJoined])
	assert.Equal(t, map[string]int{"30": 2, "60": 2, "90": 2}, all[ports.FacetExpiring])

	active := facetsOf(t, f.Directory, ports.MemberFilter{Status: member.StatusActive})
	assert.Equal(t, all[ports.FacetStatus], active[ports.FacetStatus], "a facet leaves its own filter out")
	assert.Equal(t, map[string]int{"11": 1, "50": 1}, active[ports.FacetProvince])
	assert.Equal(t, map[string]int{"30": 1, "60": 1, "90": 1}, active[ports.FacetExpiring])

	two := facetsOf(t, f.Directory, ports.MemberFilter{Status: member.StatusActive, Province: "11"})
	assert.Equal(t, map[string]int{"11": 1, "50": 1}, two[ports.FacetProvince], "the other filter holds")
	assert.Equal(t, map[string]int{"active": 1, "expiring": 1, "approved": 1, "payment_claimed": 1},
		two[ports.FacetStatus])
	assert.Equal(t, map[string]int{"enterprise": 1}, two[ports.FacetKind])

	search := facetsOf(t, f.Directory, ports.MemberFilter{Search: "有限公司"})
	assert.Equal(t, map[string]int{"enterprise": 4}, search[ports.FacetKind])
	assert.Equal(t, map[string]int{"11": 1, "31": 1, "50": 1, "": 1}, search[ports.FacetProvince])
	assert.Equal(t, map[string]int{"30": 1, "60": 1, "90": 1}, search[ports.FacetExpiring])

	soon := facetsOf(t, f.Directory, ports.MemberFilter{ExpiringWithin: 15})
	assert.Equal(t, map[string]int{"expiring": 1}, soon[ports.FacetStatus])
	assert.Equal(t, map[string]int{"30": 2, "60": 2, "90": 2}, soon[ports.FacetExpiring])
	none := facetsOf(t, f.Directory, ports.MemberFilter{Province: "50", Status: member.StatusDraft})
	assert.Empty(t, none[ports.FacetKind])
}

// directoryFacetsAgree checks, for many filters, that each count beside a
// filter's value is what the list finds with that value chosen, and that a
// facet's counts add up to the list without its filter.
func directoryFacetsAgree(t *testing.T, f DirectoryFixture) {
	r := seedRegistry(t, f)
	filters := []ports.MemberFilter{
		{},
		{Status: member.StatusActive},
		{Province: "11"},
		{Province: ports.FilterNone},
		{Kind: member.Enterprise, Province: "11"},
		{Search: "有限公司"},
		{Search: "公司", Status: member.StatusActive},
		{ExpiringWithin: 30},
		{ExpiringWithin: 30, Kind: member.Enterprise},
		{FeeState: payment.StateConfirming, JoinedYear: "2024"},
	}
	for _, base := range filters {
		base.Today = today()
		got := facetsOf(t, f.Directory, base)
		for facet, choose := range choosers() {
			without := choose(base, "")
			_, total := r.list(t, f.Directory, ports.MemberQuery{Filter: without})
			sum := 0
			for value, n := range got[facet] {
				sum += n
				if value == "" {
					value = ports.FilterNone
				}
				_, want := r.list(t, f.Directory, ports.MemberQuery{Filter: choose(base, value)})
				assert.Equal(t, want, n, "%+v: %s=%s", base, facet, value)
			}
			if facet != ports.FacetExpiring {
				assert.Equal(t, total, sum, "%+v: %s adds up", base, facet)
			}
		}
	}
}

// choosers set a facet's filter to a value ("" clears it).
func choosers() map[string]func(ports.MemberFilter, string) ports.MemberFilter {
	return map[string]func(ports.MemberFilter, string) ports.MemberFilter{
		ports.FacetKind:     func(f ports.MemberFilter, v string) ports.MemberFilter { f.Kind = member.Kind(v); return f },
		ports.FacetLevel:    func(f ports.MemberFilter, v string) ports.MemberFilter { f.Level = member.Level(v); return f },
		ports.FacetStatus:   func(f ports.MemberFilter, v string) ports.MemberFilter { f.Status = member.Status(v); return f },
		ports.FacetProvince: func(f ports.MemberFilter, v string) ports.MemberFilter { f.Province = v; return f },
		ports.FacetIndustry: func(f ports.MemberFilter, v string) ports.MemberFilter { f.Industry = v; return f },
		ports.FacetJoined:   func(f ports.MemberFilter, v string) ports.MemberFilter { f.JoinedYear = v; return f },
		ports.FacetFeeState: func(f ports.MemberFilter, v string) ports.MemberFilter {
			f.FeeState = payment.State(v)
			return f
		},
		ports.FacetExpiring: func(f ports.MemberFilter, v string) ports.MemberFilter {
			f.ExpiresBefore, f.ExpiresAfter = time.Time{}, time.Time{}
			f.ExpiringWithin, _ = strconv.Atoi(v)
			return f
		},
	}
}

// directoryFollows changes members and checks that the list, the search and
// the counts follow in the same transaction, and that a failed change leaves
// them as they were.
func directoryFollows(t *testing.T, f DirectoryFixture) {
	ctx := context.Background()
	r := seedRegistry(t, f)
	form := membertest.EnterpriseForm("北京检测认证有限公司")
	form.Province, form.ContactName = "44", "周九"
	require.NoError(t, f.Members.Update(ctx, r["testing"].ID(), func(_ context.Context, m *member.Member) error {
		return m.SaveEnterpriseForm(form, false, epoch())
	}))
	assert.Equal(t, []string{"testing"}, r.names(t, f.Directory, ports.MemberFilter{Province: "44"}))
	assert.Equal(t, []string{"testing"}, r.names(t, f.Directory, ports.MemberFilter{Search: "周九"}))
	all := facetsOf(t, f.Directory, ports.MemberFilter{})
	assert.Equal(t, 1, all[ports.FacetProvince]["44"])
	assert.Equal(t, 1, all[ports.FacetProvince][""], "one member left without a province")
	assert.Equal(t, 2, all[ports.FacetStatus]["draft"])
	assert.Equal(t, 1, all[ports.FacetStatus]["registered"])

	err := f.Members.Update(ctx, r["testing"].ID(), func(_ context.Context, m *member.Member) error {
		form.Province, form.ContactName = "45", "吴十"
		if err := m.SaveEnterpriseForm(form, false, epoch()); err != nil {
			return err
		}
		return assert.AnError
	})
	require.ErrorIs(t, err, assert.AnError)
	assert.Empty(t, r.names(t, f.Directory, ports.MemberFilter{Search: "吴十"}), "a failed change files nothing")
	assert.Equal(t, all, facetsOf(t, f.Directory, ports.MemberFilter{}), "nor counts anything")

	require.NoError(t, f.Members.Update(ctx, r["zhang"].ID(), func(_ context.Context, m *member.Member) error {
		return m.ConfirmPayment(epoch())
	}))
	assert.Equal(t, []string{"quality", "bank", "zhang"}, r.names(t, f.Directory,
		ports.MemberFilter{FeeState: payment.StatePaid}))
	after := facetsOf(t, f.Directory, ports.MemberFilter{})
	assert.Equal(t, 3, after[ports.FacetFeeState]["paid"])
	assert.Equal(t, 1, after[ports.FacetFeeState]["confirming"])
	assert.Zero(t, after[ports.FacetStatus]["payment_claimed"])
}
