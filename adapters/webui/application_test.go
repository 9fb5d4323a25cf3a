package webui_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

func TestApplicationFormPage(t *testing.T) {
	t.Parallel()
	f := setupApp(t)

	t.Run("enterprise", func(t *testing.T) {
		_, b := f.member(t, "enterprise", "表单页公司", "form-page@example.com")
		res := b.get("/member/application/form")
		require.Equal(t, http.StatusOK, res.Status)
		for _, s := range []string{
			"<title>填写入会申请表 - 中国质量协会会员系统</title>",
			`<h1 id="page-title" class="app-form__title">中国质量协会单位会员入会申请表</h1>`,
			`<a href="/member/application" class="is-active" aria-current="page">入会申请</a>`,
			`name="name" type="text" value="表单页公司"`, `value="form-page@example.com"`,
			"企业信息", "法定代表人", "第一联系人", "单位简介", "填表信息", "统一社会信用代码", "邮政编码",
			`<option value="S">公共管理、社会保障和社会组织</option>`, `<option value="T">国际组织</option>`,
			`<option value="65">新疆维吾尔自治区</option>`, `<option value="5000&#43;">5000 及以上</option>`,
			`<option value="state_owned">国有企业</option>`,
			`name="action" value="save"`, ">保存草稿<", `name="action" value="next"`, ">下一步<",
			`aria-required="true"`, `<form class="form app-form__form" method="post" action="/member/application/form" novalidate>`,
			`name="csrf_token"`,
		} {
			assert.Contains(t, res.Body, s)
		}
		assert.Equal(t, 20, strings.Count(between(res.Body, `id="f-industry"`, "</select>"), `<option value="`)-1)
		assert.Equal(t, 34, strings.Count(between(res.Body, `id="f-province"`, "</select>"), `<option value="`)-1)
		assert.Equal(t, 5, strings.Count(between(res.Body, `id="f-employees"`, "</select>"), `<option value="`)-1)
		assert.Equal(t, []string{"is-done", "is-current", "", ""}, stepStates(res.Body))
		assert.NotContains(t, res.Body, "提交申请")
	})

	t.Run("individual", func(t *testing.T) {
		_, b := f.member(t, "individual", "张表单", "ind-form@example.com")
		res := b.get("/member/application/form")
		require.Equal(t, http.StatusOK, res.Status)
		for _, s := range []string{"中国质量协会个人会员入会申请表", "证件号码", "出生年月", "职务/职称",
			`<option value="master">硕士研究生</option>`, `<option value="female">女</option>`, ">提交申请<",
			`value="张表单"`, `value="ind-form@example.com"`} {
			assert.Contains(t, res.Body, s)
		}
		assert.NotContains(t, res.Body, `value="next"`)
		assert.NotContains(t, res.Body, "统一社会信用代码")
		assert.Equal(t, []string{"is-done", "is-current", ""}, stepStates(res.Body), "individuals have no stamped-form step")
	})

	t.Run("menu and home", func(t *testing.T) {
		_, b := f.member(t, "enterprise", "菜单公司", "menu@example.com")
		home := b.get("/member")
		assert.Contains(t, home.Body, `<a href="/member/application">入会申请</a>`)
		assert.Contains(t, home.Body, `href="/member/application/form">填写入会申请表</a>`)
		// Before anything is saved, /member/application leads to the form.
		res := b.get("/member/application")
		assert.Equal(t, http.StatusSeeOther, res.Status)
		assert.Equal(t, "/member/application/form", res.location())
		res = b.get("/member/application/upload")
		assert.Equal(t, "/member/application/form", res.location(), "step ③ needs a complete form")
	})

	t.Run("a full member has no 入会申请 entry", func(t *testing.T) {
		id := f.registerMember(t, "enterprise", "正式会员公司", "full@example.com")
		f.approve(t, id, "19000009", (*member.Member).ConfirmPayment, (*member.Member).ForwardToSecretariat,
			func(m *member.Member, now time.Time) error { return m.ApproveMembership("文号1", now, now) })
		b := f.browser(t)
		require.Equal(t, http.StatusSeeOther, b.login("19000009", goodPass, false).Status)
		res := b.get("/member")
		require.Equal(t, http.StatusOK, res.Status)
		assert.NotContains(t, res.Body, `href="/member/application"`)
		assert.NotContains(t, b.get("/member/password").Body, `href="/member/application"`)
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestApplicationFormBadInput(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id, b := f.member(t, "enterprise", "坏输入公司", "bad-input@example.com")
	good := enterpriseValues("坏输入公司")

	tests := []struct {
		name, field, value, want string
	}{
		{"wrong USCC check character", "uscc", "91350100M000100Y44", "统一社会信用代码校验位错误，请核对"},
		{"USCC too short", "uscc", "91350100M000100", "统一社会信用代码应为18位"},
		{"USCC with letters it never uses", "uscc", "91350100M000100O43", "统一社会信用代码只能由数字和大写字母组成（不含 I、O、Z、S、V）"},
		{"missing contact", "contact_name", "  ", "请填写联系人姓名"},
		{"missing industry", "industry", "", "请选择所属行业"},
		{"unknown industry", "industry", "Z", "请从列表中选择所属行业"},
		{"unknown province", "province", "99", "请从列表中选择所在省份"},
		{"unknown ownership", "ownership", "pirate", "请从列表中选择单位性质"},
		{"unknown employee range", "employees", "7", "请从列表中选择员工人数"},
		{"postal code", "postal_code", "10004", "邮政编码应为6位数字"},
		{"mobile", "contact_mobile", "1381234567", "请输入11位手机号码"},
		{"email", "contact_email", "liming@", "请输入有效的邮箱地址"},
		{"markup in the address", "address", "<script>alert(1)</script>", "通讯地址不能包含 < 或 >"},
		{"filled on in the future", "filled_on", "2999-01-01", "填表日期不能晚于今天"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := b.saveForm(with(good, tc.field, tc.value), "next")
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
			htmlID := "f-" + strings.ReplaceAll(tc.field, "_", "-")
			assert.Equal(t, tc.want, fieldErrorOf(res.Body, htmlID))
			assert.True(t, invalid(res.Body, htmlID), "%s is aria-invalid and described by its error", htmlID)
			assert.Contains(t, res.Body, "提交的信息有误，请检查后重试")
			assert.NotContains(t, res.Body, "<script>alert(1)</script>", "values are escaped")
			assert.False(t, f.stored(t, id).Application().Started(), "nothing is stored")
		})
	}

	t.Run("a draft may be partial but what is filled must be well-formed", func(t *testing.T) {
		res := b.saveForm(url.Values{"name": {"坏输入公司"}, "uscc": {"91350100M000100Y44"}}, "save")
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, "统一社会信用代码校验位错误，请核对", fieldErrorOf(res.Body, "f-uscc"))
		assert.Empty(t, fieldErrorOf(res.Body, "f-industry"), "an empty field is fine in a draft")
		assert.False(t, f.stored(t, id).Application().Started())

		res = b.saveForm(url.Values{"name": {"坏输入公司"}, "uscc": {membertest.ValidUSCC}, "industry": {"S"}}, "save")
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		assert.Equal(t, "/member/application/form?done=saved", res.location())
		page := b.get(res.location())
		assert.Contains(t, page.Body, "草稿已保存")
		assert.Contains(t, page.Body, `<option value="S" selected>`)
		assert.Contains(t, page.Body, `value="`+membertest.ValidUSCC+`"`)
		assert.Equal(t, "S", f.stored(t, id).Application().Enterprise.Industry)
	})

	t.Run("individual ID number", func(t *testing.T) {
		pid, pb := f.member(t, "individual", "王个人", "ind-bad@example.com")
		v := individualValues("王个人", "ind-bad@example.com")
		for _, tc := range []struct{ field, value, want string }{
			{"id_number", "110105194912310021", "证件号码校验位错误，请核对"},
			{"id_number", "11010519491231", "证件号码应为18位身份证号（最后一位可为X）"},
			{"province", "00", "请从列表中选择所在省份"},
			{"gender", "", "请选择性别"},
		} {
			res := pb.saveForm(with(v, tc.field, tc.value), "submit")
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, tc.value)
			assert.Equal(t, tc.want, fieldErrorOf(res.Body, "f-"+strings.ReplaceAll(tc.field, "_", "-")), tc.value)
			assert.Equal(t, member.StatusRegistered, f.stored(t, pid).Status())
		}
	})

	t.Run("CSRF", func(t *testing.T) {
		res := b.postRaw("/member/application/form", with(good, "action", "next"), nil)
		assert.Equal(t, http.StatusForbidden, res.Status)
		assert.Empty(t, f.stored(t, id).Application().Enterprise.Address, "the partial draft stays as it was")
	})

	// 单位名称 is not the form's to choose (it once was: an empty one was
	// refused, another member's name was stored): the page shows the account's
	// name read-only, and whatever is posted, the account's name is kept.
	t.Run("单位名称 is the account's registered name", func(t *testing.T) {
		for _, name := range []string{"", "别人家有限公司"} {
			res := b.saveForm(url.Values{"name": {name}, "uscc": {membertest.ValidUSCC}}, "save")
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			assert.Equal(t, "坏输入公司", f.stored(t, id).Application().Enterprise.Name, "posted %q", name)
		}
		page := b.get("/member/application/form")
		assert.Contains(t, page.Body, `id="f-name" name="name" type="text" value="坏输入公司" readonly`)
		assert.Contains(t, page.Body, "即注册时的企业全称，不能在此修改")
	})
}

func TestApplicationIndividualSubmits(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id, b := f.member(t, "individual", "李个人", "ind-submit@example.com")
	res := b.saveForm(individualValues("李个人", "ind-submit@example.com"), "submit")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/member/application", res.location())
	assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())
	page := b.get("/member/application")
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, page.Body, "等待审核")
	assert.Contains(t, page.Body, "中国质量协会个人会员入会申请表")
	assert.Equal(t, []string{"is-done", "is-done", "is-current"}, stepStates(page.Body))
	// The form cannot be changed while it is being reviewed.
	assert.Equal(t, "/member/application", b.get("/member/application/form").location())
	res = b.saveForm(individualValues("李个人", "ind-submit@example.com"), "save")
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "不能修改入会申请")
}

// toStepThree saves a complete enterprise form with 下一步 and checks it lands on
// step ③.
func toStepThree(t *testing.T, b *browser, name string) {
	t.Helper()
	res := b.saveForm(enterpriseValues(name), "next")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/member/application/upload", res.location())
}

func TestApplicationUpload(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
	html := []byte("<!doctype html><html><script>alert(1)</script></html>")
	png := scan(t)
	jpg := membershiptest.JPEG(t, 40, 30)

	tests := []struct {
		name   string
		files  []filePart
		status int
		want   string // the message under the file input
	}{
		{"no file", nil, http.StatusUnprocessableEntity, "请选择要上传的文件"},
		{"empty file", []filePart{{"scan", "a.png", nil}}, http.StatusUnprocessableEntity, "请选择要上传的文件"},
		{"PDF named .png", []filePart{{"scan", "scan.png", pdf}}, http.StatusUnprocessableEntity, "只能上传PNG或JPG格式的图片文件"},
		{"HTML named .png", []filePart{{"scan", "scan.png", html}}, http.StatusUnprocessableEntity, "只能上传PNG或JPG格式的图片文件"},
		{"truncated PNG", []filePart{{"scan", "scan.png", png[:len(png)/2]}}, http.StatusUnprocessableEntity, "图片文件已损坏或不完整，无法读取"},
		{"truncated JPEG", []filePart{{"scan", "scan.jpg", jpg[:len(jpg)-40]}}, http.StatusUnprocessableEntity, "图片文件已损坏或不完整，无法读取"},
		{"10 MB + 1 byte", []filePart{{"scan", "big.png", append(append([]byte{}, png...), make([]byte, application.MaxScanBytes+1-len(png))...)}},
			http.StatusUnprocessableEntity, "文件不能超过10MB"},
		{"far over the body limit", []filePart{{"scan", "huge.png", make([]byte, application.MaxScanBytes+200<<10)}},
			http.StatusRequestEntityTooLarge, "文件不能超过10MB"},
		{"two files at once", []filePart{{"scan", "a.png", png}, {"scan", "b.png", png}}, http.StatusUnprocessableEntity, "只能上传1个PNG/JPG文件"},
		{"a second file in another field", []filePart{{"scan", "a.png", png}, {"other", "b.png", png}}, http.StatusUnprocessableEntity, "只能上传1个PNG/JPG文件"},
		{"the file in the wrong field", []filePart{{"file", "a.png", png}}, http.StatusUnprocessableEntity, "请选择要上传的文件"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "上传公司" + string(rune('A'+i))
			id, b := f.member(t, "enterprise", name, "up"+string(rune('a'+i))+"@example.com")
			toStepThree(t, b, name)
			before := len(f.files(t))
			res := b.upload("/member/application/scan", b.csrf(), tc.files, nil)
			require.Equal(t, tc.status, res.Status, res.Body)
			assert.Equal(t, tc.want, fieldErrorOf(res.Body, "f-scan"))
			assert.True(t, invalid(res.Body, "f-scan"))
			assert.Contains(t, res.Body, "只能上传1个PNG/JPG文件, 且不超过10MB.")
			assert.False(t, f.stored(t, id).Application().Scan.Present(), "nothing is attached")
			assert.Len(t, f.files(t), before, "nothing is kept")
		})
	}
	t.Run("a PNG named .jpg is fine, and served as a PNG", func(t *testing.T) {
		id, b := f.member(t, "enterprise", "扩展名公司", "ext@example.com")
		toStepThree(t, b, "扩展名公司")
		before := len(f.files(t))
		res := b.upload("/member/application/scan", b.csrf(), []filePart{{"scan", "盖章.jpg", png}}, nil)
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		assert.Equal(t, "/member/application/upload?done=uploaded", res.location())
		s := f.stored(t, id).Application().Scan
		require.True(t, s.Present())
		assert.Equal(t, "image/png", s.ContentType)

		page := b.get(res.location())
		require.Equal(t, http.StatusOK, page.Status)
		assert.Contains(t, page.Body, "盖章扫描件上传成功")
		assert.Contains(t, page.Body, `<img src="/member/application/scan?v=`)
		assert.Contains(t, page.Body, "盖章.jpg")
		assert.Contains(t, page.Body, ">重新上传<")

		img := b.get("/member/application/scan")
		require.Equal(t, http.StatusOK, img.Status)
		assert.Equal(t, "image/png", img.Header.Get("Content-Type"))
		assert.Equal(t, "nosniff", img.Header.Get("X-Content-Type-Options"))
		assert.Equal(t, "private, no-store", img.Header.Get("Cache-Control"))
		assert.Contains(t, img.Header.Get("Content-Disposition"), "filename*=UTF-8''%E7%9B%96%E7%AB%A0.jpg")
		assert.Equal(t, string(png), img.Body)

		// A JPEG replaces it.
		res = b.upload("/member/application/scan", b.csrf(), []filePart{{"scan", "photo.jpeg", jpg}}, nil)
		require.Equal(t, http.StatusSeeOther, res.Status)
		assert.Equal(t, "image/jpeg", b.get("/member/application/scan").Header.Get("Content-Type"))
		assert.Len(t, f.files(t), before+1, "the replaced scan is deleted")
	})

	t.Run("CSRF on the multipart form", func(t *testing.T) {
		id, b := f.member(t, "enterprise", "防伪上传公司", "csrf-up@example.com")
		toStepThree(t, b, "防伪上传公司")
		files := []filePart{{"scan", "a.png", png}}
		for name, tc := range map[string]struct {
			token string
			hdr   http.Header
		}{
			"no token":          {"-", nil},
			"wrong token":       {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
			"cross-site origin": {b.csrf(), http.Header{"Origin": {"https://evil.example"}}},
			"cross-site fetch":  {b.csrf(), http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		} {
			res := b.upload("/member/application/scan", tc.token, files, tc.hdr)
			assert.Equal(t, http.StatusForbidden, res.Status, name)
			assert.Contains(t, res.Body, "请求已失效，请刷新页面后重试", name)
			assert.False(t, f.stored(t, id).Application().Scan.Present(), name)
		}
		// The token may come in the header instead of the field.
		res := b.upload("/member/application/scan", "-", files, http.Header{"X-Csrf-Token": {b.csrf()}})
		assert.Equal(t, http.StatusSeeOther, res.Status)
		assert.True(t, f.stored(t, id).Application().Scan.Present())
	})

	t.Run("an individual uploads no scan", func(t *testing.T) {
		id, b := f.member(t, "individual", "赵个人", "ind-up@example.com")
		require.Equal(t, http.StatusSeeOther, b.saveForm(individualValues("赵个人", "ind-up@example.com"), "save").Status)
		assert.Equal(t, "/member/application/form", b.get("/member/application/upload").location())
		res := b.upload("/member/application/scan", b.csrf(), []filePart{{"scan", "a.png", png}}, nil)
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, res.Body, "个人会员无需上传盖章的入会申请表")
		assert.False(t, f.stored(t, id).Application().Scan.Present())
	})
}

// TestApplicationUploadSizeLimit is the boundary of 「不超过10MB」: a valid PNG
// padded (after its end, which decoders ignore) to exactly 10 MB
// (10*1024*1024 bytes) is accepted and kept whole, while the same picture padded
// to 10 MB + 1 byte is refused under the file input, as in TestApplicationUpload.
func TestApplicationUploadSizeLimit(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	png := scan(t)
	padded := func(size int) []byte {
		out := make([]byte, size)
		copy(out, png)
		return out
	}
	require.Equal(t, 10*1024*1024, application.MaxScanBytes)

	t.Run("10 MB + 1 byte is refused", func(t *testing.T) {
		id, b := f.member(t, "enterprise", "超限公司", "limit-over@example.com")
		toStepThree(t, b, "超限公司")
		before := len(f.files(t))
		res := b.upload("/member/application/scan", b.csrf(),
			[]filePart{{"scan", "big.png", padded(application.MaxScanBytes + 1)}}, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, res.Body)
		assert.Equal(t, "文件不能超过10MB", fieldErrorOf(res.Body, "f-scan"))
		assert.True(t, invalid(res.Body, "f-scan"))
		assert.False(t, f.stored(t, id).Application().Scan.Present(), "nothing is attached")
		assert.Len(t, f.files(t), before, "nothing is kept")
	})

	t.Run("exactly 10 MB is accepted", func(t *testing.T) {
		id, b := f.member(t, "enterprise", "满额公司", "limit-max@example.com")
		toStepThree(t, b, "满额公司")
		content := padded(application.MaxScanBytes)
		res := b.upload("/member/application/scan", b.csrf(), []filePart{{"scan", "max.png", content}}, nil)
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		assert.Equal(t, "/member/application/upload?done=uploaded", res.location())
		s := f.stored(t, id).Application().Scan
		require.True(t, s.Present())
		assert.Equal(t, int64(application.MaxScanBytes), s.Size)
		assert.Equal(t, "image/png", s.ContentType)
		img := b.get("/member/application/scan")
		require.Equal(t, http.StatusOK, img.Status)
		assert.Len(t, img.Body, application.MaxScanBytes, "the file is kept whole")
		page := b.get(res.location()).Body
		assert.Contains(t, page, "10.0 MB")
		// The file is chosen with the manual's 「添加上传扫描件」; the input keeps its
		// label and hint.
		assert.Contains(t, page, `<label class="btn btn--ghost file-pick__button" for="f-scan" id="f-scan-pick">添加上传扫描件</label>`)
		assert.Contains(t, page, `<label class="field__label" for="f-scan">盖章扫描件</label>`)
		assert.Contains(t, page, `aria-describedby="f-scan-hint"`)
	})
}

func TestApplicationPDFDownload(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	_, b := f.member(t, "enterprise", "下载公司", "pdf@example.com")

	res := b.get("/member/application/pdf")
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Contains(t, res.Body, "请先填写完整的入会申请表，再下载打印")

	toStepThree(t, b, "下载公司")
	page := b.get("/member/application/upload")
	require.Equal(t, http.StatusOK, page.Status)
	for _, s := range []string{`<a class="btn btn--primary" href="/member/application/pdf" download>前往下载文件</a>`,
		`<a class="btn btn--ghost" href="/member/application/form">返回修改</a>`,
		`enctype="multipart/form-data"`, `type="file" accept=".png,.jpg,.jpeg,image/png,image/jpeg"`,
		"我已打印盖章并上传《入会申请表》", "填表人:", "李明", "2019年08月01日"} {
		assert.Contains(t, page.Body, s)
	}
	assert.Equal(t, 1, strings.Count(page.Body, `type="file"`), "exactly one file input")
	assert.NotContains(t, page.Body, "multiple")
	assert.Equal(t, []string{"is-done", "is-done", "is-current", ""}, stepStates(page.Body))

	res = b.get("/member/application/pdf")
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
	assert.True(t, bytes.HasPrefix([]byte(res.Body), []byte("%PDF-")))
	cd := res.Header.Get("Content-Disposition")
	assert.True(t, strings.HasPrefix(cd, `attachment; filename="application.pdf"; filename*=UTF-8''`), cd)
	assert.Contains(t, cd, url.PathEscape("中国质量协会单位会员入会申请表-下载公司.pdf"))
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, "中国质量协会单位会员入会申请表", f.pdf.docs[len(f.pdf.docs)-1].Title)
}

func TestApplicationSubmit(t *testing.T) {
	t.Parallel()
	f := setupApp(t)
	id, b := f.member(t, "enterprise", "提交公司", "submit@example.com")
	toStepThree(t, b, "提交公司")

	tick := url.Values{"confirm_stamped": {"1"}}
	res := b.postForm("/member/application/submit", tick)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "no scan yet")
	assert.Equal(t, "请上传盖章后的入会申请表扫描件", fieldErrorOf(res.Body, "f-scan"))
	assert.Equal(t, member.StatusDraft, f.stored(t, id).Status())

	require.Equal(t, http.StatusSeeOther, b.upload("/member/application/scan", b.csrf(),
		[]filePart{{"scan", "a.png", scan(t)}}, nil).Status)
	res = b.postForm("/member/application/submit", nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.Status, "no tick")
	assert.Equal(t, "请勾选「我已打印盖章并上传《入会申请表》」", fieldErrorOf(res.Body, "f-confirm-stamped"))
	assert.True(t, invalid(res.Body, "f-confirm-stamped"))
	assert.Empty(t, fieldErrorOf(res.Body, "f-scan"))
	assert.Equal(t, member.StatusDraft, f.stored(t, id).Status())

	res = b.postRaw("/member/application/submit", tick, nil)
	assert.Equal(t, http.StatusForbidden, res.Status, "CSRF")
	assert.Equal(t, member.StatusDraft, f.stored(t, id).Status())

	res = b.postForm("/member/application/submit", tick)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	assert.Equal(t, "/member/application", res.location())
	assert.Equal(t, member.StatusSubmitted, f.stored(t, id).Status())
	page := b.get("/member/application")
	assert.Contains(t, page.Body, `<h1 id="page-title" class="result-card__title">等待审核</h1>`)
	assert.Equal(t, []string{"is-done", "is-done", "is-done", "is-current"}, stepStates(page.Body))
	assert.Equal(t, "/member/application", b.get("/member/application/upload").location())

	res = b.postForm("/member/application/submit", tick)
	assert.Equal(t, http.StatusConflict, res.Status, "submitted twice")
	assert.Contains(t, res.Body, "当前状态为「等待审核」")
	assert.Equal(t, http.StatusConflict, b.upload("/member/application/scan", b.csrf(),
		[]filePart{{"scan", "a.png", scan(t)}}, nil).Status)
}
