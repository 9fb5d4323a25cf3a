package pinyinkey_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/internal/pinyinkey"
)

func TestInitials(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "zgzlxh", pinyinkey.Initials("中国质量协会")[0])
	assert.Contains(t, pinyinkey.Initials("中国质量协会"), "zgzlxk", "会 is also read kuai")
	assert.Contains(t, pinyinkey.Initials("重庆银行"), "cqyh", "every reading's initials")
	assert.Equal(t, "zqyx", pinyinkey.Initials("重庆银行")[0], "the common reading first")
	assert.Equal(t, []string{"abc1zg"}, pinyinkey.Initials("ABC-1 中国"))
	assert.Nil(t, pinyinkey.Initials("Acme Ltd"), "no Han character, no initials")
	assert.LessOrEqual(t, len(pinyinkey.Initials("重重重重重重重重行行行")), 8)
}

func TestSortKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "zhong guo zhi liang xie hui", pinyinkey.SortKey("中国质量协会"))
	assert.Less(t, pinyinkey.SortKey("李明"), pinyinkey.SortKey("林"))
	assert.Less(t, pinyinkey.SortKey("阿里巴巴"), pinyinkey.SortKey("北京"))
	assert.Equal(t, "abc1 zhong", pinyinkey.SortKey("ABC 1中"))
}
