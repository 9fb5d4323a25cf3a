package e2e_test

import (
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// proofJPEG writes a picture of a stamped document as a JPEG (信息变更's
// proof: 「支持扩展名：.pdf .jpg」) and returns its path.
func proofJPEG(t *testing.T) string {
	t.Helper()
	in, err := os.Open(stampedScan(t))
	if err != nil {
		t.Fatalf("proof: %v", err)
	}
	defer func() { _ = in.Close() }()
	img, err := png.Decode(in)
	if err != nil {
		t.Fatalf("proof: %v", err)
	}
	path := filepath.Join(t.TempDir(), "地址变更证明.jpg")
	out, err := os.Create(path) //nolint:gosec // G304: the test's own temporary file
	if err != nil {
		t.Fatalf("proof: %v", err)
	}
	defer func() { _ = out.Close() }()
	if err := jpeg.Encode(out, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatalf("proof: %v", err)
	}
	return path
}

// TestBrowserInfoChange: an enterprise opens 信息变更 (its data pre-filled, the
// manual's text), changes its 通讯地址, uploads a proof and submits; nothing
// changes yet. A reviewer opens 信息变更审核 (the badge counts it), sees old →
// new side by side with the changed rows highlighted and the proof inline,
// and approves; the member's home and the staff member detail show the new
// address, and the member's history says 已通过. Screenshots i0-… to i4-…,
// at 1280 and 390 px.
func TestBrowserInfoChange(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "reviewer-i", "reviewer", financePass)
	const name = "信息变更测试公司"
	const address = "上海市浦东新区世纪大道100号"
	p := s.env.ApprovedMember(t, "enterprise", name, "info-change-e2e@example.com")

	b := newBrowser(t, s.url)
	b.login(t, name, feeMemberPass)
	if p := b.clickAndLoad(t, "信息变更", `.sidemenu a[href="/member/info-change"]`); p != "/member/info-change" {
		t.Fatalf("信息变更 led to %s", p)
	}
	b.expectText(t, "#info-change-hint", "需要上传相应的变更证明材料，经工作人员审核后通过修改申请")
	b.expectText(t, "#f-proof-hint", "支持扩展名：.pdf .jpg")
	b.screenshot(t, "i0-info-change.png")
	b.phoneShot(t, "i0-info-change-390.png")

	b.fill(t, [2]string{"f-address", address}, [2]string{"f-postal-code", "200120"})
	b.do(t, "choose proof", chromedp.SetUploadFiles(chromedp.ID("f-proof"), []string{proofJPEG(t)}, chromedp.NodeReady))
	b.clickAndLoad(t, "提交", "#info-change-submit")
	b.expectText(t, ".alert--success", "信息变更申请已提交")
	b.expectText(t, "#info-change-pending", "通讯地址、邮政编码")
	b.expectText(t, "#info-change-history", "待审核")
	b.screenshot(t, "i1-submitted.png")
	b.open(t, "/member")
	b.expectText(t, "#home-address", "北京市")

	staff := b.secondWindow(t)
	staff.staffLogin(t, "reviewer-i", financePass)
	if p := staff.clickAndLoad(t, "信息变更审核", `.sidemenu a[href="/admin/info-changes"]`); p != "/admin/info-changes" {
		t.Fatalf("信息变更审核 led to %s", p)
	}
	staff.expectText(t, ".queue-tabs", "待审核 1")
	staff.expectText(t, "#info-changes", name)
	staff.screenshot(t, "i2-queue.png")
	staff.clickAndLoad(t, "审核", `#info-changes a[href^="/admin/info-changes/"]`)
	staff.expectText(t, "#info-change-diff .diff__changed", "通讯地址")
	staff.expectText(t, "#info-change-diff .diff__changed", address)
	if w, h := staff.imageShown(t, "#info-change-proof"); w == 0 || h == 0 {
		t.Errorf("the proof is not shown inline (%d×%d)", w, h)
	}
	staff.screenshot(t, "i3-review.png")
	staff.phoneShot(t, "i3-review-390.png")
	staff.clickAndLoad(t, "审核通过", "#info-change-approve")
	staff.expectText(t, ".alert--success", "已审核通过")
	staff.expectText(t, "#info-change-status", "已通过")
	staff.open(t, "/admin/members/"+p.ID)
	staff.expectText(t, "main", address)
	staff.screenshot(t, "i4-staff-detail.png")

	b.open(t, "/member")
	b.expectText(t, "#home-address", address)
	b.screenshot(t, "i4-home.png")
	b.phoneShot(t, "i4-home-390.png")
	b.open(t, "/member/info-change")
	b.expectText(t, "#info-change-history", "已通过")
	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions: %v", ex)
	}
	if ex := staff.uncaught(); len(ex) > 0 {
		t.Errorf("page exceptions (staff): %v", ex)
	}
}
