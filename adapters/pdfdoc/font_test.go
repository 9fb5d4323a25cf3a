package pdfdoc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// requireFile skips the test when a font file of the machine is absent.
func requireFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not installed", path)
	}
}

// wantNoFont checks that err is the helpful no-font error.
func wantNoFont(t *testing.T, err error, detail string) {
	t.Helper()
	if !errors.Is(err, ErrNoFont) {
		t.Fatalf("err = %v, want ErrNoFont", err)
	}
	for _, s := range []string{"未找到中文字体", "fonts-droid-fallback", FontEnv, "no Chinese font", detail} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error lacks %q:\n%v", s, err)
		}
	}
}

func TestNewFontPathMissing(t *testing.T) {
	t.Setenv(FontEnv, droid) // an explicit path wins over the environment
	_, err := New(Config{FontPath: "/nonexistent/fonts/simhei.ttf"})
	wantNoFont(t, err, "/nonexistent/fonts/simhei.ttf")
}

func TestNewEmptySearchList(t *testing.T) {
	t.Setenv(FontEnv, "")
	_, err := New(Config{SearchPaths: []string{}})
	wantNoFont(t, err, "searched 0 standard places")
}

func TestNewEnvFont(t *testing.T) {
	requireFile(t, droid)
	t.Setenv(FontEnv, droid)
	r, err := New(Config{SearchPaths: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if r.FontPath() != droid {
		t.Errorf("FontPath = %q", r.FontPath())
	}

	bad := filepath.Join(t.TempDir(), "notes.ttf")
	if err := os.WriteFile(bad, []byte("not a font at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(FontEnv, bad)
	_, err = New(Config{})
	wantNoFont(t, err, "not a TrueType font")
}

func TestSearchSkipsUnusableFonts(t *testing.T) {
	requireFile(t, droid)
	t.Setenv(FontEnv, "")
	dir := t.TempDir()
	ttc := filepath.Join(dir, "wqy-microhei.ttc")
	if err := os.WriteFile(ttc, append([]byte("ttcf\x00\x01\x00\x00"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{SearchPaths: []string{filepath.Join(dir, "absent.ttf"), ttc, droid}})
	if err != nil {
		t.Fatal(err)
	}
	if r.FontPath() != droid {
		t.Errorf("FontPath = %q, want %q", r.FontPath(), droid)
	}

	_, err = New(Config{SearchPaths: []string{ttc}})
	wantNoFont(t, err, "TrueType collection (.ttc)")
}

func TestCheckTrueType(t *testing.T) {
	for name, b := range map[string][]byte{
		"collection (.ttc)": []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00"),
		"CFF outlines":      []byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"),
		"not a TrueType":    []byte("%PDF-1.4 hello world"),
		"too short":         []byte("true"),
		"truncated":         []byte("\x00\x01\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00"),
	} {
		if _, err := checkTrueType(b); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	fonts := map[string]string{
		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf":      "not a Chinese (CJK) font",
		"/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc": "TrueType collection",
		droid: "",
	}
	for path, want := range fonts {
		if _, err := os.Stat(path); err != nil {
			t.Logf("%s not installed, not checked", path)
			continue
		}
		_, err := readFont(path, "font", cjkNeed)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: err = %v, want %q", path, err, want)
		}
	}
}
