package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func contactForm(role, name, mobile, email string) url.Values {
	return url.Values{"role": {role}, "dept": {"质量安全部"}, "name": {name}, "title": {"部长"},
		"mobile": {mobile}, "email": {email}}
}

// 联系人管理: the list starts with the application's first contact (the home's
// 会员联系人); an invalid mobile is refused under its field and nothing is
// stored; a new 第一联系人 replaces the old on the home page; deleting the
// first contact asks for a successor; staff see the contacts on the member
// detail; an individual has no 联系人管理.
func TestMemberContacts(t *testing.T) {
	t.Parallel()
	f := setupFees(t)
	p, b := f.approvedMember(t, "enterprise", "星河科技有限公司", "xinghe@example.com")
	page := b.get("/member/contacts")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "联系人列表")
	assert.Contains(t, page.Body, "+添加联系人")
	assert.Contains(t, page.Body, "为了便于能及时、有效的联系您，请企业尽量添加企业的有效联系方式。")
	assert.Contains(t, page.Body, `href="/member/contacts"`, "the menu entry")
	assert.Contains(t, page.Body, "第一联系人")
	home := b.get("/member")
	assert.Regexp(t, `<dd id="home-contact">[^<]+</dd>`, home.Body, "the application's first contact")

	bad := b.postForm("/member/contacts/save", contactForm("first", "王芳", "1390000111", "wf@example.com"))
	assert.Equal(t, http.StatusUnprocessableEntity, bad.Status)
	assert.Equal(t, "请输入11位手机号码", fieldErrorOf(bad.Body, "f-mobile"))
	assert.NotContains(t, b.get("/member/contacts").Body, "王芳", "nothing stored")

	ok := b.postForm("/member/contacts/save", contactForm("first", "王芳", "13900001111", "wf@example.com"))
	require.Equal(t, http.StatusSeeOther, ok.Status)
	home = b.get("/member")
	assert.Contains(t, home.Body, `<dd id="home-contact">王芳</dd>`)
	assert.Contains(t, home.Body, `<dd id="home-contact-phone">13900001111</dd>`)

	list := b.get("/member/contacts").Body
	ids := regexp.MustCompile(`name="id" value="([^"]+)"`).FindAllStringSubmatch(list, -1)
	require.Len(t, ids, 2)
	first, other := ids[0][1], ids[1][1]
	noSucc := b.postForm("/member/contacts/delete", url.Values{"id": {first}})
	assert.Equal(t, http.StatusUnprocessableEntity, noSucc.Status)
	assert.Contains(t, noSucc.Body, "删除第一联系人前，请选择接替的第一联系人")
	require.Equal(t, http.StatusSeeOther, b.postForm("/member/contacts/delete",
		url.Values{"id": {first}, "successor_id": {other}}).Status)
	assert.NotContains(t, b.get("/member").Body, "王芳")

	staff := f.staff(t, "reviewer1", "reviewer")
	detail := staff.get("/admin/members/" + p.ID)
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Contains(t, detail.Body, `id="member-contacts"`)

	_, ind := f.approvedMember(t, "individual", "张三", "zhangsan@example.com")
	assert.NotContains(t, ind.get("/member").Body, `href="/member/contacts"`)
	assert.Equal(t, http.StatusForbidden, ind.get("/member/contacts").Status)
}
