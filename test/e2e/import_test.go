package e2e_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// TestBrowserLegacyImport is issue 11's verification: the admin downloads the
// template, uploads a file of 50 members (one bad row, shown in the preview
// with the derived pinyin passwords), confirms, watches the progress bar
// finish; an imported member logs in with its member number and the full
// pinyin of its first contact, must change the password and confirm its
// email, then sees its home with the imported validity.
func TestBrowserLegacyImport(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "staff12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "staff12345")

	b.open(t, "/admin/imports")
	res, body := b.fetch(t, "/admin/imports/template.xlsx")
	if res.StatusCode != 200 {
		t.Fatalf("the template answers %d", res.StatusCode)
	}
	tpl, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the template is no XLSX: %v", err)
	}
	rows, _ := tpl.GetRows(tpl.GetSheetList()[0])
	if len(rows) != 2 || rows[0][0] != "会员类型＊" || rows[1][0] != "单位会员" {
		t.Fatalf("the template's rows: %v", rows)
	}
	b.screenshot(t, "import_start.png")

	path := fiftyMembers(t)
	b.do(t, "choose the file", chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{path}, chromedp.NodeReady))
	b.clickAndLoad(t, "上传并预览", `form[action="/admin/imports"] button[type="submit"]`)
	if p := b.text(t, "#problems-title + .badge"); p != "1" {
		t.Fatalf("the preview shows %s problems, want the one bad row", p)
	}
	if txt := b.text(t, "table"); !strings.Contains(txt, "第8行") || !strings.Contains(txt, "校验位错误") {
		t.Fatalf("the bad row is not shown: %s", truncate(txt, 300))
	}
	if txt := b.text(t, "section[aria-labelledby=rows-title]"); !strings.Contains(txt, "zhangsan") {
		t.Fatalf("the derived password is not shown: %s", truncate(txt, 300))
	}
	b.screenshot(t, "import_preview.png")
	if n := stagedUploads(t, s.env.DataDir); n != 1 {
		t.Fatalf("the previewed file is not kept in the file store (%d staged uploads)", n)
	}
	b.phoneNoReload(t, "import_preview_phone.png")

	batch := b.clickAndLoad(t, "确认导入", `form[action$="/commit"] button[type="submit"]`)
	if !strings.HasPrefix(batch, "/admin/imports/batches/") {
		t.Fatalf("确认导入 led to %s", batch)
	}
	b.waitForText(t, s.env, "#import-status", "已完成", 60*time.Second)
	if txt := b.text(t, "#import-status"); !strings.Contains(txt, "新建 49 个") {
		t.Fatalf("the batch: %s", txt)
	}
	b.screenshot(t, "import_batch.png")
	for deadline := time.Now().Add(10 * time.Second); stagedUploads(t, s.env.DataDir) != 0; {
		if time.Now().After(deadline) {
			t.Fatal("the committed file is still kept in the file store")
		}
		time.Sleep(50 * time.Millisecond) // the commit's goroutine deletes it once it returns
	}
	b.phone(t, "import_batch_phone.png")
	b.desktop(t)
	b.staffLogout(t)

	// The imported member logs in with its number and 张三's pinyin.
	b.open(t, "/login")
	b.fill(t, [2]string{"f-login", "19000001"}, [2]string{"f-password", "zhangsan"})
	b.solveSlider(t)
	if p := b.clickAndLoad(t, "登录", `form[action="/login"] button[type="submit"]`); p != "/member/password" {
		t.Fatalf("the first login lands on %s, not 修改密码", p)
	}
	if email := run(t, b, "email", chromedp.Value(chromedp.ID("f-email"))); email != "m1@example.com" {
		t.Fatalf("the email to confirm is %q", email)
	}
	b.screenshot(t, "import_first_login.png")
	b.fill(t, [2]string{"f-old-password", "zhangsan"}, [2]string{"f-new-password", "Newpass2026"},
		[2]string{"f-new-password-confirm", "Newpass2026"})
	b.clickAndLoad(t, "确认修改", `form[action="/member/password"] button[type="submit"]`)
	b.open(t, "/member")
	if txt := b.text(t, "main"); !strings.Contains(txt, "2027-12-31") {
		t.Fatalf("the home does not show the imported validity: %s", truncate(txt, 500))
	}
	b.screenshot(t, "import_member_home.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}

// phoneNoReload takes a 390 px screenshot of the page as it is (a POST's
// answer: a reload would send the form again).
func (b *browser) phoneNoReload(t *testing.T, name string) {
	t.Helper()
	b.do(t, "phone viewport",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch))
	if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("%s: at 390 px the page is %d px wide", name, w)
	}
	b.screenshot(t, name)
	b.do(t, "desktop viewport", chromedp.EmulateViewport(1280, 900))
}

// fiftyMembers writes an XLSX of 50 enterprises (first contact 张三), the
// seventh with a wrong USCC check character (row 8 of the file).
func fiftyMembers(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	var header []any
	for _, c := range legacyimport.Columns() {
		header = append(header, c.Header)
	}
	if err := f.SetSheetRow("Sheet1", "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		first := fmt.Sprintf("91110108MA%07d", i)
		c, _ := application.USCCCheckChar(first)
		uscc := first + string(c)
		if i == 6 {
			uscc = first + "0"
			if string(c) == "0" {
				uscc = first + "1"
			}
		}
		vals := map[legacyimport.Field]string{
			legacyimport.FieldKind: "单位会员", legacyimport.FieldName: fmt.Sprintf("老会员%02d科技有限公司", i+1),
			legacyimport.FieldNumber: fmt.Sprintf("19%06d", i+1), legacyimport.FieldLevel: "普通会员",
			legacyimport.FieldValidFrom: "2026-01-01", legacyimport.FieldValidUntil: "2027-12-31",
			legacyimport.FieldRegNo: uscc, legacyimport.FieldProvince: "北京市", legacyimport.FieldIndustry: "制造业",
			legacyimport.FieldContactName: "张三", legacyimport.FieldEmail: fmt.Sprintf("m%d@example.com", i+1),
		}
		row := make([]any, 0, len(legacyimport.Columns()))
		for _, col := range legacyimport.Columns() {
			row = append(row, vals[col.Field])
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "old-members.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// stagedUploads counts the import files kept in the module's file store
// (DataDir/files) between a preview and its commit.
func stagedUploads(t *testing.T, dataDir string) int {
	t.Helper()
	found, err := filepath.Glob(filepath.Join(dataDir, "files", "imports", "staged", "*.upload"))
	if err != nil {
		t.Fatal(err)
	}
	return len(found)
}
