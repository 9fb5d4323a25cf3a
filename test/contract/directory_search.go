package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func directoryFilters(t *testing.T, f DirectoryFixture) {
	r := seedRegistry(t, f)
	d, day := f.Directory, today()
	cases := []struct {
		name   string
		filter ports.MemberFilter
		want   []string
	}{
		{"everyone", ports.MemberFilter{}, []string{"quality", "bank", "renewing", "newyear", "zhang", "*", "*", "*"}},
		{"individuals", ports.MemberFilter{Kind: member.Individual}, []string{"zhang", "lisi"}},
		{"level", ports.MemberFilter{Level: member.LevelIndividual}, []string{"zhang", "lisi"}},
		{"active", ports.MemberFilter{Status: member.StatusActive}, []string{"quality", "bank"}},
		{"registered", ports.MemberFilter{Status: member.StatusRegistered}, []string{"*", "*"}},
		{"expiring status", ports.MemberFilter{Status: member.StatusExpiring}, []string{"renewing"}},
		{"paid", ports.MemberFilter{FeeState: payment.StatePaid}, []string{"quality", "bank"}},
		{"confirming (a claim, a renewal claim)", ports.MemberFilter{FeeState: payment.StateConfirming},
			[]string{"renewing", "zhang"}},
		{"unpaid", ports.MemberFilter{FeeState: payment.StateUnpaid}, []string{"newyear"}},
		{"no fee due yet", ports.MemberFilter{FeeState: payment.StateNotDue}, []string{"*", "*", "*"}},
		{"province", ports.MemberFilter{Province: "11"}, []string{"quality", "renewing", "newyear", "zhang"}},
		{"no province", ports.MemberFilter{Province: ports.FilterNone}, []string{"*", "*"}},
		{"industry", ports.MemberFilter{Industry: "C"}, []string{"quality", "newyear", "machine"}},
		{"no industry", ports.MemberFilter{Industry: ports.FilterNone}, []string{"zhang", "*", "*"}},
		{"joined in 2024", ports.MemberFilter{JoinedYear: "2024"}, []string{"quality", "bank", "renewing", "zhang"}},
		{"joined in 2025 (CST)", ports.MemberFilter{JoinedYear: "2025"}, []string{"newyear"}},
		{"not joined", ports.MemberFilter{JoinedYear: ports.FilterNone}, []string{"*", "*", "*"}},
		{"expiring within 30 days", ports.MemberFilter{ExpiringWithin: 30}, []string{"quality", "renewing"}},
		{"expiring within 15 days", ports.MemberFilter{ExpiringWithin: 15}, []string{"renewing"}},
		{"expires before", ports.MemberFilter{ExpiresBefore: day.AddDate(0, 0, 20)}, []string{"quality", "renewing"}},
		{"expires after", ports.MemberFilter{ExpiresAfter: day.AddDate(0, 0, 21)}, []string{"bank"}},
		{"between", ports.MemberFilter{ExpiresAfter: day.AddDate(0, 0, 11), ExpiresBefore: day.AddDate(0, 0, 100)},
			[]string{"quality", "bank"}},
		{"province and status", ports.MemberFilter{Province: "11", Status: member.StatusActive}, []string{"quality"}},
		{"kind and fee", ports.MemberFilter{Kind: member.Individual, FeeState: payment.StateConfirming},
			[]string{"zhang"}},
		{"nobody", ports.MemberFilter{Province: "50", Status: member.StatusDraft}, []string{}},
	}
	for _, tc := range cases {
		got := r.names(t, d, tc.filter)
		assert.Equal(t, tc.want, masked(got, tc.want), tc.name)
	}
}

// masked replaces by "*" the names of got where want has "*" (members whose
// order among themselves is their ids').
func masked(got, want []string) []string {
	out := make([]string, len(got))
	for i, g := range got {
		out[i] = g
		if i < len(want) && want[i] == "*" {
			out[i] = "*"
		}
	}
	return out
}

func directorySearch(t *testing.T, f DirectoryFixture) {
	r := seedRegistry(t, f)
	cases := []struct{ search, why string }{
		{"质量", "a Chinese substring of the name"},
		{"zgzl", "pinyin initials"},
		{"ＺＧＺＬ", "full-width letters fold"},
		{"ZgZl", "any case"},
		{"质量 协会", "every term"},
		{"19000001", "the member number"},
		{"李明", "the contact's name"},
		{"13812345678", "the contact's mobile"},
		{"quality@EXAMPLE", "the email"},
	}
	for _, tc := range cases {
		assert.Equal(t, []string{"quality"}, r.names(t, f.Directory, ports.MemberFilter{Search: tc.search}), tc.why)
	}
	more := []struct {
		search string
		want   []string
	}{
		{"cqyh", []string{"bank"}},    // 重庆银行 read chong qing yin hang
		{"重", []string{"bank"}},       // one character
		{"张", []string{"zhang"}},      // one character of an individual's name
		{"0000002", []string{"bank"}}, // part of a phone number
		{"wf", []string{"machine"}},   // the contact's initials
		{"王芳", []string{"machine"}},   // the contact of a draft
		{"z@example.com", []string{"zhang"}},
		{"1900000", []string{"quality", "bank", "renewing"}},
		{"91350100m000100y43", []string{"quality", "bank", "renewing", "newyear", "machine"}}, // USCC
		{"协会quality", []string{}}, // no match across two fields
		{"质量 银行", []string{}},     // terms are ANDed
		{"不存在的单位", []string{}},
	}
	for _, tc := range more {
		assert.Equal(t, tc.want, r.names(t, f.Directory, ports.MemberFilter{Search: tc.search}), tc.search)
	}
	got := r.names(t, f.Directory, ports.MemberFilter{Search: "有限公司", Province: "11"})
	assert.Equal(t, []string{"renewing"}, got, "search and filters together")
}

func directoryOrder(t *testing.T, f DirectoryFixture) {
	r := seedRegistry(t, f)
	d := f.Directory
	numbered := ports.MemberFilter{JoinedYear: "2024"}
	got, _ := r.list(t, d, ports.MemberQuery{Filter: numbered, Sort: ports.SortNumber})
	assert.Equal(t, []string{"quality", "bank", "renewing", "zhang"}, got)
	got, _ = r.list(t, d, ports.MemberQuery{Filter: numbered, Sort: ports.SortNumber, Desc: true})
	assert.Equal(t, []string{"zhang", "renewing", "bank", "quality"}, got)
	got, _ = r.list(t, d, ports.MemberQuery{Filter: numbered, Sort: ports.SortName})
	assert.Equal(t, []string{"renewing", "zhang", "quality", "bank"}, got,
		"pinyin: hua xin, zhang san, zhong guo, zhong qing (重's common reading)")
	got, _ = r.list(t, d, ports.MemberQuery{Filter: ports.MemberFilter{Status: member.StatusActive},
		Sort: ports.SortValidity})
	assert.Equal(t, []string{"quality", "bank"}, got)
	got, _ = r.list(t, d, ports.MemberQuery{Sort: ports.SortJoined, Desc: true})
	assert.Equal(t, "newyear", got[0], "newest first")
	assert.Equal(t, []string{"*", "*", "*"}, masked(got[5:], []string{"*", "*", "*"}), "not joined last")
	got, _ = r.list(t, d, ports.MemberQuery{Sort: ports.SortNumber})
	assert.Len(t, got, 8)
	assert.ElementsMatch(t, []string{"machine", "testing", "lisi"}, got[5:], "members without a number last")

	page, total := r.list(t, d, ports.MemberQuery{Sort: ports.SortNumber, Limit: 2, Offset: 2})
	assert.Equal(t, []string{"renewing", "newyear"}, page)
	assert.Equal(t, 8, total)
	page, total = r.list(t, d, ports.MemberQuery{Sort: ports.SortNumber, Limit: 5, Offset: 8})
	assert.Empty(t, page, "past the end")
	assert.Equal(t, 8, total)
	directoryKeyset(t, r, d)

	found, err := d.Search(t.Context(), ports.MemberQuery{Filter: ports.MemberFilter{Search: "zgzl"}, Limit: 1})
	assert.NoError(t, err)
	rows := found.Rows
	if assert.Len(t, rows, 1) {
		row := rows[0]
		assert.Equal(t, ports.MemberRow{ID: r["quality"].ID(), Number: "19000001", Name: "中国质量协会",
			Kind: member.Enterprise, Level: member.LevelOrdinary, Status: member.StatusActive,
			FeeState: payment.StatePaid, Province: "11", Industry: "C", Email: "quality@example.com",
			USCC: "91350100M000100Y43", ContactName: "李明", ContactPhone: "13812345678", JoinedOn: today(),
			ValidUntil: today().AddDate(0, 0, 20), CreatedAt: row.CreatedAt}, row)
		sameInstant(t, epoch(), row.CreatedAt, "created at")
	}
}

// directoryKeyset walks lists page by page with After (the export's walk):
// the pages put together are the list in one page.
func directoryKeyset(t *testing.T, r registry, d ports.MemberDirectory) {
	for _, q := range []ports.MemberQuery{{Sort: ports.SortNumber},
		{Filter: ports.MemberFilter{JoinedYear: "2024"}, Sort: ports.SortName, Desc: true},
		{Filter: ports.MemberFilter{Search: "有限公司"}, Sort: ports.SortNumber}} {
		whole, _ := r.list(t, d, q)
		require.NotEmpty(t, whole)
		var walked []string
		for q.Limit = 3; len(walked) <= len(whole); {
			page, _ := r.list(t, d, q)
			walked = append(walked, page...)
			if len(page) < q.Limit {
				break
			}
			q.After = r[page[len(page)-1]].ID()
		}
		assert.Equal(t, whole, walked, "keyset pages of %+v", q.Filter)
	}
}
