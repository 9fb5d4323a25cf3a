package pinyinkey_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/internal/pinyinkey"
)

func TestFullPinyin(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"张三": "zhangsan", "李明": "liming", "王芳": "wangfang", " 张 三 ": "zhangsan",
		"欧阳娜娜": "ouyangnana", "阿依古丽·买买提": "ayigulimaimaiti", "Li Lei": "lilei", "张3": "zhang3",
	} {
		got, ok := pinyinkey.FullPinyin(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	for _, name := range []string{"", "  ", "·", "张😀", "Müller"} {
		got, ok := pinyinkey.FullPinyin(name)
		assert.False(t, ok, "%q gives no initial password", name)
		assert.Empty(t, got, name)
	}
}
