package pdfdoc

import (
	"context"
	"strings"
	"testing"
)

// TestEveryCharacterHasAGlyph guards against the boxes that DroidSansFallback
// alone prints for digits and Latin letters.
func TestEveryCharacterHasAGlyph(t *testing.T) {
	r := newRenderer(t)
	t.Logf("fonts: %q + Latin %q", r.FontPath(), r.LatinFontPath())
	texts := append(formTexts(enterpriseForm()), pageNumber(12, 34), continued)
	for _, s := range texts {
		for _, c := range strings.ReplaceAll(clean(s), "\n", "") {
			if face, out := r.choose(c); !r.faces[face].cover.has(out) {
				t.Errorf("%q in %q has no glyph", c, s)
			}
		}
	}
}

// TestFullWidthWithoutLatinFont renders with the Chinese font alone: Latin
// characters come out as full-width forms, still readable and searchable.
func TestFullWidthWithoutLatinFont(t *testing.T) {
	newRenderer(t) // skips without a Chinese font
	t.Setenv(LatinFontEnv, "")
	r, err := New(Config{LatinSearchPaths: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if r.cjkHasLatin() {
		t.Skipf("%s has Latin characters itself", r.FontPath())
	}
	if r.LatinFontPath() != "" {
		t.Fatalf("LatinFontPath = %q, want none", r.LatinFontPath())
	}
	out, err := r.RenderForm(context.Background(), enterpriseForm())
	if err != nil {
		t.Fatal(err)
	}
	text := poppler(t, "pdftotext", out, "-raw", "-enc", "UTF-8")
	if !strings.Contains(text, "９１３１０１１５ＭＡ１Ｋ４ＬＸＱ２Ｂ") {
		t.Errorf("no full-width credit code in:\n%s", text)
	}
	for _, c := range strings.ReplaceAll(clean(strings.Join(formTexts(enterpriseForm()), "")), "\n", "") {
		if face, out := r.choose(c); !r.faces[face].cover.has(out) {
			t.Errorf("%q has no glyph", c)
		}
	}
}

func TestLatinFontConfigured(t *testing.T) {
	r := newRenderer(t)
	if r.cjkHasLatin() {
		t.Skipf("%s has Latin characters itself", r.FontPath())
	}
	_, err := New(Config{LatinFontPath: "/nonexistent/arial.ttf"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/arial.ttf") {
		t.Errorf("missing configured Latin font: err = %v", err)
	}
	const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	requireFile(t, dejavu)
	t.Setenv(LatinFontEnv, dejavu)
	r, err = New(Config{LatinSearchPaths: []string{}})
	if err != nil || r.LatinFontPath() != dejavu {
		t.Errorf("Latin font from %s: %v, %q", LatinFontEnv, err, r.LatinFontPath())
	}
}
