package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// TestBrowserUploadControl checks the one upload control (js/upload.js) on the
// logo field: a styled button and the limits in words before picking, a clear
// message when a file of the wrong type is refused, and the chosen file's name,
// size and type after picking; then the same page on a 390 px phone.
func TestBrowserUploadControl(t *testing.T) {
	requireBrowser(t)
	s := startSite(t)
	s.env.CreateStaff(t, "admin1", "admin", "admin12345")
	b := newBrowser(t, s.url)
	b.staffLogin(t, "admin1", "admin12345")
	b.open(t, "/admin/settings/site")

	b.expectText(t, ".upload-zone .upload-zone__button", "选择文件")
	b.expectText(t, ".upload-zone .upload-zone__info", "未选择文件")
	b.expectText(t, "#f-logo-hint", "不超过2MB")

	bad := filepath.Join(t.TempDir(), "notes.txt")
	require.NoError(t, os.WriteFile(bad, []byte("not a picture"), 0o600))
	b.do(t, "choose a text file", chromedp.SetUploadFiles(chromedp.ID("f-logo"), []string{bad}, chromedp.NodeReady))
	msg := b.text(t, "#f-logo-picked")
	if !strings.Contains(msg, "notes.txt") || !strings.Contains(msg, "未被接受") || !strings.Contains(msg, "PNG") {
		t.Errorf("a refused file says %q, want its name, 未被接受 and the accepted types", msg)
	}
	if live := b.jsAttr(t, "#f-logo-picked", "aria-live"); live != "polite" {
		t.Errorf("the upload message's aria-live is %q", live)
	}
	b.screenshot(t, "upload_refused.png")

	b.do(t, "choose the logo", chromedp.SetUploadFiles(chromedp.ID("f-logo"), []string{logoFile(t)}, chromedp.NodeReady))
	msg = b.text(t, "#f-logo-picked")
	for _, want := range []string{"已选择", "logo.png", " B · ", "PNG"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the chosen file shows %q, want %q in it", msg, want)
		}
	}
	b.screenshot(t, "upload_chosen.png")
	b.phoneShot(t, "upload_chosen_390.png")
	if errs := b.uncaught(); len(errs) > 0 {
		t.Errorf("uncaught page errors: %v", errs)
	}
}
