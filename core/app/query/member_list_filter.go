package query

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MemberFilters are the registry's filters as a request gives them (the URL's
// query parameters): codes and dates as text, empty for none. The core checks
// them; an unknown value is an Invalid error on its field.
type MemberFilters struct {
	Kind           string // enterprise, individual
	Level          string // 普通会员, 理事 …
	Status         string // a lifecycle status
	Province       string // GB/T 2260 code, or "none"
	Industry       string // GB/T 4754 section, or "none"
	FeeState       string // unpaid, confirming, paid, not_due
	JoinedYear     string // 2019, or "none"
	ExpiresBefore  string // YYYY-MM-DD
	ExpiresAfter   string // YYYY-MM-DD
	ExpiringWithin string // days, 1–3650
	Search         string // the search box
}

// Bounds of the registry's inputs.
const (
	MaxSearchLen      = 100
	MaxExpiringWithin = 3650
)

// filterCheck is what parsing the filters found.
type filterCheck struct {
	v *apperr.Validation
	f ports.MemberFilter
}

// memberFilter checks the filters, adding what is wrong to v, and returns the
// port's filter for today (midnight UTC of the association's day).
func memberFilter(in MemberFilters, today time.Time, v *apperr.Validation) ports.MemberFilter {
	c := filterCheck{v: v, f: ports.MemberFilter{Today: today}}
	c.f.Kind = member.Kind(c.oneOf("kind", in.Kind, "未知的会员类别", kindCodes()))
	c.f.Level = member.Level(c.oneOf("level", in.Level, "未知的会员级别", levelCodes()))
	c.f.Status = member.Status(c.oneOf("status", in.Status, "未知的会员状态", statusCodes()))
	c.f.FeeState = payment.State(c.oneOf("fee_state", in.FeeState, "未知的缴费状态", feeCodes()))
	c.f.Province = c.oneOf("province", in.Province, "未知的所在省份", withNone(optionCodes(application.Provinces())))
	c.f.Industry = c.oneOf("industry", in.Industry, "未知的所属行业", withNone(optionCodes(application.Industries())))
	c.f.JoinedYear = c.year(strings.TrimSpace(in.JoinedYear))
	c.f.ExpiresBefore = c.day("expires_before", in.ExpiresBefore)
	c.f.ExpiresAfter = c.day("expires_after", in.ExpiresAfter)
	if !c.f.ExpiresBefore.IsZero() && c.f.ExpiresAfter.After(c.f.ExpiresBefore) {
		c.v.Add("expires_after", "range_invalid", "有效期起始日期不能晚于截止日期")
	}
	c.f.ExpiringWithin = c.days(strings.TrimSpace(in.ExpiringWithin))
	c.f.Search = strings.TrimSpace(in.Search)
	if utf8.RuneCountInString(c.f.Search) > MaxSearchLen {
		c.v.Add("q", "too_long", "搜索内容不能超过100个字符")
	}
	return c.f
}

// oneOf returns the trimmed value when it is one of codes (or empty).
func (c *filterCheck) oneOf(field, value, msg string, codes []string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	for _, code := range codes {
		if code == value {
			return value
		}
	}
	c.v.Add(field, field+"_invalid", msg)
	return ""
}

func (c *filterCheck) year(s string) string {
	if s == "" || s == ports.FilterNone {
		return s
	}
	if y, err := strconv.Atoi(s); err != nil || len(s) != 4 || y < 1900 {
		c.v.Add("joined_year", "joined_year_invalid", "入会年份应为四位数字的年份，如 2019")
		return ""
	}
	return s
}

func (c *filterCheck) day(field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		c.v.Add(field, "date_invalid", "日期格式应为 YYYY-MM-DD，如 2026-09-20")
		return time.Time{}
	}
	return d
}

func (c *filterCheck) days(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxExpiringWithin {
		c.v.Add("expiring_within", "days_invalid", "到期天数应为 1 至 3650 之间的整数")
		return 0
	}
	return n
}

func kindCodes() []string { return []string{string(member.Enterprise), string(member.Individual)} }

func levelCodes() []string {
	var out []string
	for _, l := range member.Levels() {
		out = append(out, string(l))
	}
	return out
}

func statusCodes() []string {
	var out []string
	for _, s := range member.AllStatuses() {
		out = append(out, string(s))
	}
	return out
}

func feeCodes() []string {
	var out []string
	for _, s := range payment.MemberStates() {
		out = append(out, string(s))
	}
	return out
}

func optionCodes(opts []application.Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Code
	}
	return out
}

func withNone(codes []string) []string { return append(codes, ports.FilterNone) }

// MemberSorts are the orders the list offers: the sort parameter's values (a
// leading "-" reverses), the default first.
func MemberSorts() []string {
	return []string{"number", "-number", "name", "-name", "-joined", "joined", "validity", "-validity"}
}

// memberSort checks the sort parameter (empty: by number) and returns the
// order, whether it is reversed, and the parameter's canonical value.
func memberSort(s string, v *apperr.Validation) (ports.MemberSort, bool, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return ports.SortNumber, false, MemberSorts()[0]
	}
	desc := strings.HasPrefix(s, "-")
	switch by := ports.MemberSort(strings.TrimPrefix(s, "-")); by {
	case ports.SortNumber, ports.SortName, ports.SortJoined, ports.SortValidity:
		return by, desc, s
	}
	v.Add("sort", "sort_invalid", "未知的排序方式")
	return ports.SortNumber, false, MemberSorts()[0]
}
