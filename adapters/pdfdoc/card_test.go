package pdfdoc

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// testLogo is a 40 × 20 red PNG.
func testLogo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		for y := range 20 {
			img.Set(x, y, color.RGBA{200, 0, 0, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testCard(t *testing.T) ports.CardDocument {
	return ports.CardDocument{Title: "会员证书", Association: "中国质量协会", Logo: testLogo(t), Name: "测试质量科技有限公司",
		Number: "26000001", KindLabel: "单位会员", Level: "理事", Validity: "2026-01-01 至 2026-12-31", Status: "有效",
		VerifyURL: "https://members.example.org/members/verify/abc.1.sig", Issued: "2026-03-01"}
}

// TestRenderCardPDFs: the card-size PDF and the A4 certificate carry the
// association, the title, the member's facts and an image (logo, QR code),
// at their page sizes.
func TestRenderCardPDFs(t *testing.T) {
	r := newRenderer(t)
	for _, tc := range []struct {
		format ports.CardFormat
		size   string
		want   []string
	}{
		{ports.CardPDF, "242.65 x 153.07", []string{"中国质量协会", "会员证书", "测试质量科技有限公司", "26000001", "理事", "有效", "扫码验证真伪"}},
		{ports.CardA4PDF, "595", []string{"中国质量协会", "会员证书", "兹证明", "测试质量科技有限公司", "26000001",
			"2026-12-31", "发证日期：2026-03-01", "扫描二维码验证本证书"}},
	} {
		out, err := r.RenderCard(context.Background(), testCard(t), tc.format)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(poppler(t, "pdftotext", out, "-layout")), "")
		for _, w := range tc.want {
			if !strings.Contains(text, strings.ReplaceAll(w, " ", "")) {
				t.Errorf("%s: %q missing in %q", tc.format, w, text)
			}
		}
		if info := poppler(t, "pdfinfo", out); !strings.Contains(info, tc.size) {
			t.Errorf("%s: page size not %s:\n%s", tc.format, tc.size, info)
		}
		if imgs := imageList(t, out); strings.Count(imgs, "\n") < 4 {
			t.Errorf("%s: want the logo and the QR code:\n%s", tc.format, imgs)
		}
		if dir := os.Getenv("CARD_OUT"); dir != "" {
			_ = os.WriteFile(dir+"/card-"+string(tc.format)+".pdf", out, 0o600)
		}
	}
}

// TestRenderCardPNG: a 300 dpi PNG of the card's size, with the band's blue.
func TestRenderCardPNG(t *testing.T) {
	r := newRenderer(t)
	out, err := r.RenderCard(context.Background(), testCard(t), ports.CardPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1011 || b.Dy() != 638 {
		t.Errorf("size %v", b)
	}
	if c := color.RGBAModel.Convert(img.At(900, 60)).(color.RGBA); c.B != 162 {
		t.Errorf("band colour %v", c)
	}
	if dir := os.Getenv("CARD_OUT"); dir != "" {
		_ = os.WriteFile(dir+"/card.png", out, 0o600)
	}
}

// TestRenderCardBadInput: an unknown format is a field error; an unreadable
// logo is left out, not a failure.
func TestRenderCardBadInput(t *testing.T) {
	r := newRenderer(t)
	_, err := r.RenderCard(context.Background(), testCard(t), "gif")
	if e := apperr.As(err); e.Kind != apperr.KindInvalid {
		t.Errorf("gif: %v", err)
	}
	doc := testCard(t)
	doc.Logo = []byte("<svg onload=alert(1)>")
	for _, f := range []ports.CardFormat{ports.CardPNG, ports.CardPDF, ports.CardA4PDF} {
		if _, err := r.RenderCard(context.Background(), doc, f); err != nil {
			t.Errorf("%s with a bad logo: %v", f, err)
		}
	}
}

// TestFormLogo: a form with a logo carries one more image than without.
func TestFormLogo(t *testing.T) {
	r := newRenderer(t)
	doc := ports.FormDocument{Title: "中国质量协会单位会员入会申请表", Sections: []ports.FormSection{{Title: "基本信息",
		Rows: []ports.FormRow{{Label: "单位名称", Value: "测试"}}}}}
	plain, err := r.RenderForm(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	doc.Logo = testLogo(t)
	branded, err := r.RenderForm(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	n := func(pdf []byte) int { return strings.Count(imageList(t, pdf), "\n") }
	if n(branded) != n(plain)+1 {
		t.Errorf("logo not drawn: %d vs %d image lines", n(branded), n(plain))
	}
}

// imageList is pdfimages -list of the PDF: two header lines, one per image.
func imageList(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		missing(t, "pdfimages", "scripts/deps.sh pdf (Debian package poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfimages", "-list", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	return string(out)
}
