package site

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// Texts are the admin's own wording (文字替换): locale → the original text (the
// Chinese key of the string catalog) → the text shown instead. They are
// applied over the shipped catalog and the embedder's texts (the admin wins).
type Texts map[string]map[string]string

// The bounds of one locale's 文字替换.
const (
	// MaxTextLines is the most lines one locale's replacements may have.
	MaxTextLines = 500
	// MaxTextBytes is the most bytes one locale's replacements may have.
	MaxTextBytes = 64 << 10
	// textSep separates the original from its replacement on a line.
	textSep = " = "
)

// TextsField is the form (and API) field of a locale's replacements:
// texts_zh for zh-CN, texts_en for en.
func TextsField(locale string) string {
	base, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return "texts_" + base
}

// ParseTexts reads a locale's replacements: one 「原文 = 替换文字」 per line
// (blank lines skipped). A problem is added to v on the locale's field with
// the line it is on; nothing is returned then.
func ParseTexts(locale, text string, v *apperr.Validation) map[string]string {
	field := TextsField(locale)
	if len(text) > MaxTextBytes {
		v.Add(field, "too_long", fmt.Sprintf("文字替换不能超过 %d KB", MaxTextBytes>>10))
		return nil
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), "\n")
	if len(lines) > MaxTextLines {
		v.Add(field, "too_many_lines", fmt.Sprintf("文字替换不能超过 %d 行", MaxTextLines))
		return nil
	}
	out := map[string]string{}
	seen := map[string]int{}
	for i, line := range lines {
		n := i + 1
		if strings.TrimSpace(line) == "" {
			continue
		}
		key, val, ok := strings.Cut(line, textSep)
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case !utf8.ValidString(line):
			v.Add(field, "invalid", fmt.Sprintf("第 %d 行含有无法识别的字符", n))
		case !ok:
			v.Add(field, "invalid", fmt.Sprintf("第 %d 行应为「原文 = 替换文字」格式（等号两边各有一个空格）", n))
		case key == "":
			v.Add(field, "invalid", fmt.Sprintf("第 %d 行缺少原文（等号左边）", n))
		case val == "":
			v.Add(field, "invalid", fmt.Sprintf("第 %d 行缺少替换文字（等号右边）", n))
		case seen[key] != 0:
			v.Add(field, "duplicate", fmt.Sprintf("第 %d 行的原文与第 %d 行重复", n, seen[key]))
		default:
			seen[key] = n
			out[key] = val
			continue
		}
		return nil
	}
	return out
}

// FormatTexts writes a locale's replacements as ParseTexts reads them, in the
// order of their originals.
func FormatTexts(m map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		b.WriteString(k + textSep + m[k] + "\n")
	}
	return b.String()
}

// Equal reports whether t and u replace the same texts.
func (t Texts) Equal(u Texts) bool {
	return maps.EqualFunc(t.nonEmpty(), u.nonEmpty(), func(a, b map[string]string) bool { return maps.Equal(a, b) })
}

// nonEmpty is t without its empty locales.
func (t Texts) nonEmpty() Texts {
	out := Texts{}
	for l, m := range t {
		if len(m) > 0 {
			out[l] = m
		}
	}
	return out
}
