package pdfdoc

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// FontEnv is the environment variable naming the TrueType CJK font file to use
// when Config.FontPath is empty.
const FontEnv = "MEMBERSHIP_PDF_FONT"

// LatinFontEnv is the environment variable naming the TrueType font for Latin
// letters, digits and ASCII punctuation when Config.LatinFontPath is empty.
const LatinFontEnv = "MEMBERSHIP_PDF_LATIN_FONT"

// need is what a font must have: the characters chars, for being a kind font.
type need struct{ chars, kind string }

// cjkNeed are characters every form prints (「中国质量协会」「单位」「第…页」).
var cjkNeed = need{"中国质量协会单位第页共", "Chinese (CJK)"}

// latinNeed are common Latin characters.
var latinNeed = need{"0123456789ABCXYZabcxyz.,:;-@/%()", "Latin"}

// ErrNoFont is wrapped by the error New returns when no usable Chinese font is
// found; callers may treat it as "PDF forms are unavailable" rather than fatal.
var ErrNoFont = errors.New("pdfdoc: no usable Chinese TrueType font")

// DefaultFontPaths are the places searched, in order, when neither
// Config.FontPath nor FontEnv names a font. The first is Debian's
// fonts-droid-fallback (`scripts/deps.sh fonts` installs it). Collections
// (.ttc) and CFF-outline OpenType files are listed where distributions ship
// only those; they are checked and skipped, since fpdf cannot read them.
var DefaultFontPaths = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",          // Debian/Ubuntu fonts-droid-fallback
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", // Fedora google-droid-sans-fonts
	"/usr/share/fonts/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/TTF/DroidSansFallbackFull.ttf",         // Arch
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", // Debian fonts-arphic-gbsn00lp
	"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", // Debian fonts-arphic-gkai00mp
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", // Debian fonts-noto-cjk, CFF TTC: skipped
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",         // TTC: skipped
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",           // TTC: skipped
	"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",   // macOS
	"/Library/Fonts/Arial Unicode.ttf",                       // older macOS
	`C:\Windows\Fonts\simhei.ttf`,                            // Windows 黑体
	`C:\Windows\Fonts\simfang.ttf`,                           // Windows 仿宋
	`C:\Windows\Fonts\simkai.ttf`,                            // Windows 楷体
}

// DefaultLatinFontPaths are the places searched for the Latin font when
// neither Config.LatinFontPath nor LatinFontEnv names one. Some Chinese fonts
// (DroidSansFallbackFull among them) have no Latin letters, digits or ASCII
// punctuation; those characters are printed with this font. Without one they
// are printed as full-width forms (２０２６) from the Chinese font.
var DefaultLatinFontPaths = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",                 // Debian fonts-dejavu-core
	"/usr/share/fonts/dejavu/DejaVuSans.ttf",                          // Fedora
	"/usr/share/fonts/TTF/DejaVuSans.ttf",                             // Arch
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", // Debian fonts-liberation
	"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", // Debian fonts-noto-core
	"/usr/share/fonts/truetype/freefont/FreeSans.ttf",     // Debian fonts-freefont-ttf
	"/System/Library/Fonts/Supplemental/Arial.ttf",        // macOS
	`C:\Windows\Fonts\arial.ttf`,                          // Windows
}

// face is a validated font file and the characters it has.
type face struct {
	path  string
	bytes []byte
	cover *coverage
}

// findFont picks a font that has what is wanted: explicit (from the
// Config) if set, else env (from the environment variable envName) if set,
// else the first usable file in search. An explicit or env font that is
// unusable is an error, not a reason to look further: the operator asked for
// it. Errors describe the problem; callers wrap them.
func findFont(explicit, env, envName string, search []string, want need) (face, error) {
	switch {
	case explicit != "":
		return readFont(explicit, "configured font", want)
	case env != "":
		return readFont(env, envName, want)
	}
	var skipped []string
	for _, p := range search {
		if err := peekFont(p); err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				skipped = append(skipped, fmt.Sprintf("%q: %v", p, err))
			}
			continue
		}
		f, err := readFont(p, "font", want)
		if err == nil {
			return f, nil
		}
		skipped = append(skipped, err.Error())
	}
	msg := "searched " + fmt.Sprint(len(search)) + " standard places"
	if len(skipped) > 0 {
		msg += "; unusable: " + strings.Join(skipped, "; ")
	}
	return face{}, errors.New(msg)
}

// peekFont checks the signature of the font file at path without reading it
// all, so that large collections are skipped cheaply.
func peekFont(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 12)
	if _, err := io.ReadFull(f, head); err != nil {
		return fmt.Errorf("file too short to be a font: %w", err)
	}
	switch string(head[:4]) {
	case "ttcf", "OTTO":
		_, err := checkTrueType(head)
		return err
	}
	return nil
}

// readFont reads and checks one font file; from says who named it.
func readFont(path, from string, want need) (face, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G703: the operator names the font (Config, environment), or it is a fixed system path
	if err != nil {
		return face{}, fmt.Errorf("%s %q: %w", from, path, err)
	}
	cover, err := checkTrueType(b)
	if err == nil {
		if m := cover.missing(want.chars); m != "" {
			err = fmt.Errorf("font has no glyphs for %q: not a %s font", m, want.kind)
		}
	}
	if err != nil {
		return face{}, fmt.Errorf("%s %q: %w", from, path, err)
	}
	return face{path: path, bytes: b, cover: cover}, nil
}

// noFont builds the error New returns, saying what to install or configure.
func noFont(detail string) error {
	return fmt.Errorf("%w: %s\n"+
		"未找到中文字体，无法生成 PDF 表格：请安装 fonts-droid-fallback（scripts/deps.sh fonts）或设置 %s 为 TrueType 中文字体（.ttf）的路径\n"+
		"no Chinese font for PDF forms: install the Debian package fonts-droid-fallback (scripts/deps.sh fonts) "+
		"or set %s (or Config.FontPath) to a TrueType CJK font file (.ttf; .ttc collections and CFF .otf are not supported)",
		ErrNoFont, detail, FontEnv, FontEnv)
}
