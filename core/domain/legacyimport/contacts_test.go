package legacyimport_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// parseWith parses the template's example row with 其他联系人 set to others.
func parseWith(t *testing.T, others string) (legacyimport.Candidate, []legacyimport.Problem) {
	t.Helper()
	var header, vals []string
	for _, c := range legacyimport.Columns() {
		header = append(header, c.Header)
		v := c.Example
		if c.Field == legacyimport.FieldOtherContacts {
			v = others
		}
		vals = append(vals, v)
	}
	mapping, probs := legacyimport.MapHeaders(header, nil)
	require.Empty(t, probs)
	rules := legacyimport.Rules{Levels: member.DefaultLevels(), Today: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
		Pinyin: func(string) (string, bool) { return "zhangsan", true }}
	return legacyimport.Parse(2, mapping.Row(vals), rules)
}

// 其他联系人 reads as contacts split by 「；」「、」 or a line break, or by a
// name after a reachable contact; each is checked as 联系人管理's form.
func TestOtherContacts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cell string
		want []string // name|title|phone|mobile|email
	}{
		{"", nil},
		{"李四 13900139000", []string{"李四||13900139000|"}},
		{"李四 13900139000；王五 副总 010-68412345", []string{"李四||13900139000|", "王五|副总|010-68412345|"}},
		{"李四，13900139000 王五 13700137000 wangwu@example.com", []string{"李四||13900139000|",
			"王五||13700137000|wangwu@example.com"}},
		{"李四 销售 经理 13900139000\n王五 13700137000", []string{"李四|销售 经理|13900139000|",
			"王五||13700137000|"}},
	} {
		cand, probs := parseWith(t, tc.cell)
		require.Empty(t, probs, tc.cell)
		var got []string
		for _, f := range cand.Others {
			got = append(got, f.Name+"|"+f.Title+"|"+f.Phone+f.Mobile+"|"+f.Email)
		}
		assert.Equal(t, tc.want, got, tc.cell)
		cs := cand.ContactsOf("m1", time.Now())
		require.Len(t, cs, len(tc.want)+1, tc.cell)
		assert.Equal(t, "m1-c1", cs[0].ID, "the first contact under the application's seed identity")
	}
	_, probs := parseWith(t, "李四 13900139000；王五 12345")
	require.Len(t, probs, 1)
	assert.Equal(t, "其他联系人", probs[0].Column)
	assert.Equal(t, "其他联系人第2位（王五）：电话和手机至少填写一项", probs[0].Message, "12345 is no number")
}
