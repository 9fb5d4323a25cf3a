package webui_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/content"
)

// 会员首页 completed (issue 13, item 6): an active enterprise's home shows its
// 第一联系人 as 会员联系人 with its 联系电话 (the application's first contact,
// as 联系人管理 lists it), 会员类型 from its level, the 活动通告 it may read with
// their dates, and the 会员证书 link; once raised to 理事 the 会员类型 follows,
// the council's own notices show and the 小提示 links to the forms to complete.
func TestMemberHomeCompleted(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	ed := f.editor(t)
	f.publish(t, ed, content.Events, "会员活动：质量论坛", "2024-03-01", content.Members)
	f.publish(t, ed, content.Events, "理事会专场", "2024-03-02", content.Council)
	p := f.env.ActiveMember(t, "enterprise", "首页完整公司", "home-complete@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("首页完整公司", goodPass, false).Status)

	contacts := b.get("/member/contacts").Body
	first := regexp.MustCompile(`<td><span class="tag[^"]*">第一联系人</span></td>\s*<td>([^<]+)</td>`).
		FindStringSubmatch(contacts)
	home := b.get("/member")
	require.Equal(t, http.StatusOK, home.Status)
	name := regexp.MustCompile(`<dd id="home-contact">([^<]+)</dd>`).FindStringSubmatch(home.Body)
	require.NotNil(t, name, "会员联系人")
	if assert.NotNil(t, first, "联系人管理 lists the 第一联系人") {
		assert.Equal(t, first[1], name[1], "the home's contact is the 第一联系人")
	}
	assert.Regexp(t, `<dt>联系电话:</dt><dd id="home-contact-phone">[0-9-]{7,}</dd>`, home.Body)
	assert.Contains(t, home.Body, "<dt>会员类型:</dt><dd>普通会员</dd>")
	assert.Regexp(t, `会员活动：质量论坛</a><time datetime="2024-03-01">2024-03-01</time>`, home.Body,
		"活动通告: title and date")
	assert.NotContains(t, home.Body, "理事会专场", "the council's notices are not an ordinary member's")
	assert.NotContains(t, home.Body, "有需要完善的资料")
	assert.Contains(t, home.Body, `member-head__card" href="/member/card">会员证书</a>`)

	raiseToCouncil(t, f, p.ID)
	home = b.get("/member")
	assert.Contains(t, home.Body, "<dt>会员类型:</dt><dd>理事</dd>")
	assert.Contains(t, home.Body, "理事会专场", "a council member reads the council's notices")
	assert.Contains(t, home.Body, `<h2 id="council-tip-title" class="card__title">小提示</h2>`)
	assert.Contains(t, home.Body, `href="/member/council/forms/recommend">去完善`)
	assert.Contains(t, home.Body, `href="/member/council/forms/appointment">去完善`)
}
