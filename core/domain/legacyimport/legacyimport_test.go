package legacyimport_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
)

// Imported numbers of the kind's pattern move its counter; others do not.
func TestSequenceOf(t *testing.T) {
	t.Parallel()
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		format, number, scope string
		seq                   int64
		ok                    bool
	}{
		{"{YY}{SEQ:6}", "19000050", "member_number:enterprise:2019", 50, true},
		{"{YY}{SEQ:6}", "26000123", "member_number:enterprise:2026", 123, true},
		{"{YY}{SEQ:6}", "1900005", "", 0, false},
		{"GR{YY}{SEQ:4}", "GR190037", "member_number:enterprise:2019", 37, true},
		{"{SEQ:8}", "00001234", "member_number:enterprise", 1234, true},
		{"{YYYY}-{SEQ:3}", "2018-007", "member_number:enterprise:2018", 7, true},
		{"{YY}{SEQ:6}", "99000001", "member_number:enterprise:1999", 1, true},
		{"{YY}{SEQ:6}", "19000000", "", 0, false},
	} {
		scope, seq, ok := legacyimport.SequenceOf(member.NumberFormat{Pattern: tc.format}, member.Enterprise,
			tc.number, today)
		assert.Equal(t, tc.ok, ok, tc.number)
		assert.Equal(t, tc.scope, scope, tc.number)
		assert.Equal(t, tc.seq, seq, tc.number)
	}
}

// Headers map by template header, alias or the staff's mapping; a missing
// required column and a column claimed twice are problems on row 1.
func TestMapHeaders(t *testing.T) {
	t.Parallel()
	m, probs := legacyimport.MapHeaders([]string{"会员类型＊", " 单位名称 ", "邮箱", "备注"}, nil)
	assert.Empty(t, probs)
	assert.Equal(t, legacyimport.Mapping{legacyimport.FieldKind: 0, legacyimport.FieldName: 1,
		legacyimport.FieldEmail: 2}, m)
	_, probs = legacyimport.MapHeaders([]string{"会员类型", "名称", "姓名", "邮箱"}, nil)
	assert.Equal(t, []legacyimport.Problem{{Row: 1, Column: "姓名", Message: "「姓名」与第2列重复，都对应「会员名称」"}}, probs)
	m, probs = legacyimport.MapHeaders([]string{"类型", "全称", "mail"},
		map[string]legacyimport.Field{"全称": legacyimport.FieldName, "mail": legacyimport.FieldEmail})
	assert.Empty(t, probs)
	assert.Equal(t, 1, m[legacyimport.FieldName])
	_, probs = legacyimport.MapHeaders([]string{"会员类型", "会员名称"}, nil)
	assert.Equal(t, "缺少必填列「登录邮箱」", probs[0].Message)
}

// Dates as legacy sheets write them, an Excel serial day among them.
func TestParseDates(t *testing.T) {
	t.Parallel()
	rules := legacyimport.Rules{Levels: member.DefaultLevels(), Today: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC),
		Pinyin: func(string) (string, bool) { return "zhangsan", true }}
	m, _ := legacyimport.MapHeaders([]string{"会员类型", "会员名称", "登录邮箱", "第一联系人姓名", "有效期起", "有效期止"}, nil)
	for _, from := range []string{"2026-01-01", "2026/1/1", "2026.1.1", "20260101", "2026年1月1日", "46023"} {
		c, probs := legacyimport.Parse(2, m.Row([]string{"单位会员", "星河科技有限公司", "a@example.com", "张三", from,
			"2026-12-31"}), rules)
		assert.Empty(t, probs, from)
		assert.Equal(t, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), c.Entry.ValidFrom, from)
		assert.Equal(t, member.StatusActive, c.Status, from)
	}
	_, probs := legacyimport.Parse(2, m.Row([]string{"单位会员", "星河科技有限公司", "a@example.com", "张三", "明年",
		"2026-12-31"}), rules)
	assert.Equal(t, "有效期起", probs[0].Column)
}
