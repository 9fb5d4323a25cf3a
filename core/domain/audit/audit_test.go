package audit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/audit"
)

func TestDiffKeepsOrderAndSkipsUnchanged(t *testing.T) {
	fields := [][2]string{{"name", "单位名称"}, {"level", "会员级别"}, {"email", "邮箱"}}
	got := audit.Diff(fields, map[string]string{"name": "甲", "level": "普通会员", "email": "a@x.cn"},
		map[string]string{"name": "乙", "level": "普通会员", "email": ""})
	assert.Equal(t, []audit.Change{{Field: "name", Label: "单位名称", Before: "甲", After: "乙"},
		{Field: "email", Label: "邮箱", Before: "a@x.cn", After: ""}}, got)
}

func TestEveryActionHasAChineseLabel(t *testing.T) {
	actions := audit.Actions()
	assert.Contains(t, actions, audit.ApplicationApprove)
	for _, a := range actions {
		assert.NotEqual(t, string(a), a.Label(), "label of %s", a)
	}
	assert.Equal(t, "x.unknown", audit.Action("x.unknown").Label())
	assert.IsNonDecreasing(t, actions)
}
