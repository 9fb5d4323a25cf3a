package webui_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/membershiptest"
)

// postChange posts the 信息变更 form: its fields, the CSRF token and the
// proof when given.
func (b *browser) postChange(fields url.Values, proof *filePart) response {
	b.tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	require.NoError(b.tb, mw.WriteField("csrf_token", b.csrf()))
	for k, vs := range fields {
		for _, v := range vs {
			require.NoError(b.tb, mw.WriteField(k, v))
		}
	}
	if proof != nil {
		w, err := mw.CreateFormFile(proof.field, proof.name)
		require.NoError(b.tb, err)
		_, err = w.Write(proof.content)
		require.NoError(b.tb, err)
	}
	require.NoError(b.tb, mw.Close())
	req := httptest.NewRequest(http.MethodPost, siteURL+"/member/info-change", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// changeMember is an approved enterprise logged in, with its form as posted.
func changeMember(t *testing.T, f *appFixture, name, email string) (string, *browser, url.Values) {
	t.Helper()
	p := f.env.ApprovedMember(t, "enterprise", name, email)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login(name, goodPass, false).Status)
	v := formValues(f.stored(t, p.ID).Application().Enterprise.Fields())
	return p.ID, b, v
}

const newAddress = "上海市浦东新区世纪大道100号"

// 信息变更's page and its refusals: no changed field, no proof, an HTML file
// named .pdf, a wrong postcode, each with its message and nothing stored;
// then one request, a second pending one refused, another member's request
// not found; the reviewer's queue (with the menu's badge), the diff, the
// approval, and the member's home and the staff detail show the new address.
func TestMemberInfoChange(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id, b, v := changeMember(t, f, "星河科技有限公司", "xinghe@example.com")
	page := b.get("/member/info-change")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{"信息变更，在您修改完信息后，需要上传相应的变更证明材料，经工作人员审核后通过修改申请。",
		"上传证明材料", "支持扩展名：.pdf .jpg", "北京市西城区月坛北小街2号", "还没有信息变更申请"} {
		assert.Contains(t, page.Body, s)
	}
	menu := regexp.MustCompile(`联系人管理[\s\S]*信息变更[\s\S]*修改密码`)
	assert.Regexp(t, menu, page.Body, "the menu entry after 联系人管理, before 修改密码")

	pdf := &filePart{field: "proof", name: "营业执照.pdf", content: membershiptest.PDF()}
	same := b.postChange(v, pdf)
	assert.Equal(t, http.StatusUnprocessableEntity, same.Status)
	assert.Contains(t, same.Body, "您没有修改任何信息，请修改需要变更的项目后再提交")
	changed := with(v, "address", newAddress, "postal_code", "200120")
	noProof := b.postChange(changed, nil)
	assert.Equal(t, http.StatusUnprocessableEntity, noProof.Status)
	assert.Equal(t, "请上传变更证明材料（.pdf 或 .jpg）", fieldErrorOf(noProof.Body, "f-proof"))
	assert.Contains(t, noProof.Body, newAddress, "the posted values come back")
	html := b.postChange(changed, &filePart{field: "proof", name: "证明.pdf",
		content: []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")})
	assert.Equal(t, http.StatusUnprocessableEntity, html.Status)
	assert.Equal(t, "证明材料只支持 .pdf 或 .jpg 格式，文件内容与格式不符", fieldErrorOf(html.Body, "f-proof"))
	badPost := b.postChange(with(changed, "postal_code", "12AB"), pdf)
	assert.Equal(t, http.StatusUnprocessableEntity, badPost.Status)
	assert.NotEmpty(t, fieldErrorOf(badPost.Body, "f-postal-code"))
	assert.Contains(t, b.get("/member/info-change").Body, "还没有信息变更申请", "nothing stored")

	ok := b.postChange(changed, pdf)
	require.Equal(t, http.StatusSeeOther, ok.Status, ok.Body)
	page = b.get("/member/info-change")
	assert.Contains(t, page.Body, `id="info-change-pending"`)
	assert.Contains(t, page.Body, "待审核")
	assert.NotContains(t, b.get("/member").Body, newAddress, "nothing changes before approval")
	second := b.postChange(with(v, "address", "广州市天河区体育东路1号"), pdf)
	assert.Equal(t, http.StatusConflict, second.Status)
	assert.Contains(t, second.Body, "您已有一条待审核的信息变更申请")
	changeID := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(page.Body)
	require.NotNil(t, changeID)

	_, other, _ := changeMember(t, f, "月亮湾有限公司", "yueliang@example.com")
	assert.Equal(t, http.StatusNotFound, other.get("/member/info-change/"+changeID[1]+"/proof").Status)
	assert.Equal(t, http.StatusNotFound,
		other.postForm("/member/info-change/withdraw", url.Values{"id": {changeID[1]}}).Status)

	finance := f.staff(t, "finance1", "finance")
	assert.Equal(t, http.StatusForbidden, finance.get("/admin/info-changes").Status)
	staff := f.staff(t, "reviewer1", "reviewer")
	queue := staff.get("/admin/info-changes")
	require.Equal(t, http.StatusOK, queue.Status)
	assert.Contains(t, queue.Body, "星河科技有限公司")
	assert.Regexp(t, `信息变更审核<span class="badge[^"]*">1<`, queue.Body, "the menu's badge")
	assert.Contains(t, homeQueues(staff.get("/admin").Body), "信息变更审核 1 /admin/info-changes?status=pending",
		"the back-office home's card")
	detail := staff.get("/admin/info-changes/" + changeID[1])
	require.Equal(t, http.StatusOK, detail.Status)
	assert.Regexp(t, `<tr class="diff__changed">\s*<th scope="row">通讯地址`, detail.Body)
	assert.Contains(t, detail.Body, "<ins>"+newAddress+"</ins>")
	assert.Contains(t, detail.Body, `id="info-change-proof-link"`, "a PDF proof is a link")
	proof := staff.get("/admin/info-changes/" + changeID[1] + "/proof")
	assert.Equal(t, "application/pdf", proof.Header.Get("Content-Type"))
	approve := staff.postForm("/admin/info-changes/"+changeID[1]+"/approve", nil)
	require.Equal(t, http.StatusSeeOther, approve.Status, approve.Body)
	assert.Contains(t, b.get("/member").Body, `<dd id="home-address">`+newAddress+`</dd>`)
	assert.Contains(t, staff.get("/admin/members/"+id).Body, newAddress)
	assert.Contains(t, b.get("/member/info-change").Body, "已通过")
}

// A rename to a name another member already has is refused with its message;
// the reviewer's rejection needs a reason, and the member reads it.
func TestMemberInfoChangeRenameAndReject(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, b, v := changeMember(t, f, "星河科技有限公司", "xinghe@example.com")
	changeMember(t, f, "月亮湾有限公司", "yueliang@example.com")
	jpg := &filePart{field: "proof", name: "核准通知书.jpg", content: membershiptest.JPEG(t, 40, 30)}
	taken := b.postChange(with(v, "name", "月亮湾有限公司"), jpg)
	assert.Equal(t, http.StatusConflict, taken.Status)
	assert.Equal(t, "该名称已被其他会员使用，请核实后再提交", fieldErrorOf(taken.Body, "f-name"))
	huge := b.postChange(with(v, "name", "星河新材料有限公司"),
		&filePart{field: "proof", name: "大文件.pdf", content: bytes.Repeat([]byte("%PDF-1.4 "), 11<<20/9)})
	assert.Equal(t, http.StatusRequestEntityTooLarge, huge.Status)
	assert.NotEmpty(t, fieldErrorOf(huge.Body, "f-proof"))
	assert.Contains(t, huge.Body, `value="星河科技有限公司"`, "the form comes back with the stored data")
	require.Equal(t, http.StatusSeeOther, b.postChange(with(v, "name", "星河新材料有限公司"), jpg).Status)
	id := regexp.MustCompile(`name="id" value="([^"]+)"`).FindStringSubmatch(b.get("/member/info-change").Body)
	require.NotNil(t, id)

	staff := f.staff(t, "reviewer1", "reviewer")
	detail := staff.get("/admin/info-changes/" + id[1])
	assert.Contains(t, detail.Body, `id="info-change-proof"`, "a picture proof shows inline")
	noReason := staff.postForm("/admin/info-changes/"+id[1]+"/reject", url.Values{"reason": {" "}})
	assert.Equal(t, http.StatusUnprocessableEntity, noReason.Status)
	assert.Equal(t, "请填写未通过的原因", fieldErrorOf(noReason.Body, "f-reason"))
	require.Equal(t, http.StatusSeeOther,
		staff.postForm("/admin/info-changes/"+id[1]+"/reject", url.Values{"reason": {"核准通知书不清晰"}}).Status)
	page := b.get("/member/info-change")
	assert.Contains(t, page.Body, "未通过")
	assert.Contains(t, page.Body, "原因：核准通知书不清晰")
	assert.True(t, strings.Contains(b.get("/member").Body, "星河科技有限公司"), "the name is unchanged")
	b.waitBody("/member/notifications", "信息变更申请未通过审核，原因：核准通知书不清晰")
}

// An individual's 信息变更 offers its own form (姓名, 证件号码, 工作单位 …) and
// its menu has the entry before 修改密码; a change of 工作单位 goes through.
func TestMemberInfoChangeIndividual(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	p := f.env.ApprovedMember(t, "individual", "张三", "zhangsan@example.com")
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login("张三", goodPass, false).Status)
	page := b.get("/member/info-change")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{`id="f-id-number"`, `id="f-employer"`, `id="f-title"`, `id="f-address"`, "姓名"} {
		assert.Contains(t, page.Body, s)
	}
	assert.Regexp(t, regexp.MustCompile(`缴纳会费[\s\S]*信息变更[\s\S]*修改密码`), page.Body)
	assert.NotContains(t, page.Body, `id="f-uscc"`)
	v := formValues(f.stored(t, p.ID).Application().Individual.Fields())
	pdf := &filePart{field: "proof", name: "工作证明.pdf", content: membershiptest.PDF()}
	require.Equal(t, http.StatusSeeOther, b.postChange(with(v, "employer", "上海质量研究院"), pdf).Status)
	assert.Contains(t, b.get("/member/info-change").Body, "工作单位")
}
