package query

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// FacetOption is one value of a filter with how many members it would list.
type FacetOption struct {
	Value    string // the query parameter's value
	Label    string
	Count    int
	Selected bool
}

// MemberFacet is one filter of the list with its values.
type MemberFacet struct {
	Param   string // the query parameter
	Label   string
	Options []FacetOption
}

// MemberFacetsView are the list's filters with the count beside each value:
// how many members the list would show with that value chosen and the other
// filters kept.
type MemberFacetsView struct {
	Kind, Level, Status, FeeState, Province, Industry, JoinedYear, Expiring MemberFacet
}

// All returns the filters in the order the page shows them.
func (v *MemberFacetsView) All() []MemberFacet {
	return []MemberFacet{v.Status, v.Kind, v.Level, v.FeeState, v.Expiring, v.Province, v.Industry, v.JoinedYear}
}

// noneLabel is the label of the value that selects members without one.
const noneLabel = "未填写"

// newMemberFacetsView lays the counts out as the filters' options.
func newMemberFacetsView(c ports.MemberFacets, f MemberFilters) *MemberFacetsView {
	opt := func(facet, value, label, selected string) FacetOption {
		key := value
		if value == ports.FilterNone {
			key = ""
		}
		return FacetOption{Value: value, Label: label, Count: c[facet][key], Selected: value == selected}
	}
	v := &MemberFacetsView{
		Kind:       MemberFacet{Param: "kind", Label: "会员类别"},
		Level:      MemberFacet{Param: "level", Label: "会员级别"},
		Status:     MemberFacet{Param: "status", Label: "会员状态"},
		FeeState:   MemberFacet{Param: "fee_state", Label: "缴费状态"},
		Province:   MemberFacet{Param: "province", Label: "所在省份"},
		Industry:   MemberFacet{Param: "industry", Label: "所属行业"},
		JoinedYear: MemberFacet{Param: "joined_year", Label: "入会年份"},
		Expiring:   MemberFacet{Param: "expiring_within", Label: "有效期"},
	}
	for _, k := range []member.Kind{member.Enterprise, member.Individual} {
		v.Kind.Options = append(v.Kind.Options, opt(ports.FacetKind, string(k), k.Label(), f.Kind))
	}
	for _, l := range member.Levels() {
		v.Level.Options = append(v.Level.Options, opt(ports.FacetLevel, string(l), string(l), f.Level))
	}
	for _, s := range member.AllStatuses() {
		v.Status.Options = append(v.Status.Options, opt(ports.FacetStatus, string(s), s.Label(), f.Status))
	}
	for _, s := range payment.MemberStates() {
		v.FeeState.Options = append(v.FeeState.Options, opt(ports.FacetFeeState, string(s), s.Label(), f.FeeState))
	}
	for _, p := range application.Provinces() {
		v.Province.Options = append(v.Province.Options, opt(ports.FacetProvince, p.Code, p.Label, f.Province))
	}
	v.Province.Options = append(v.Province.Options, opt(ports.FacetProvince, ports.FilterNone, noneLabel, f.Province))
	for _, i := range application.Industries() {
		v.Industry.Options = append(v.Industry.Options,
			opt(ports.FacetIndustry, i.Code, i.Code+" "+i.Label, f.Industry))
	}
	v.Industry.Options = append(v.Industry.Options, opt(ports.FacetIndustry, ports.FilterNone, noneLabel, f.Industry))
	for _, y := range joinedYears(c[ports.FacetJoined], f.JoinedYear) {
		v.JoinedYear.Options = append(v.JoinedYear.Options, opt(ports.FacetJoined, y, fmt.Sprintf("%s年", y), f.JoinedYear))
	}
	v.JoinedYear.Options = append(v.JoinedYear.Options, opt(ports.FacetJoined, ports.FilterNone, "尚未入会",
		f.JoinedYear))
	for _, n := range ports.ExpiringPresets() {
		d := strconv.Itoa(n)
		v.Expiring.Options = append(v.Expiring.Options, opt(ports.FacetExpiring, d, fmt.Sprintf("%s天内到期", d), f.ExpiringWithin))
	}
	return v
}

// joinedYears are the years members joined in, newest first, with the
// selected one even when nobody joined then.
func joinedYears(counts map[string]int, selected string) []string {
	var out []string
	for y := range counts {
		if y != "" {
			out = append(out, y)
		}
	}
	if selected != "" && selected != ports.FilterNone && !slices.Contains(out, selected) {
		out = append(out, selected)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}
