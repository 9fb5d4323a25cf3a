package pdfdoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// monoWidth measures CJK characters as 1 and others as 0.5.
func monoWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  float64
		want []string
	}{
		{"", 5, []string{""}},
		{"单位名称", 10, []string{"单位名称"}},
		{"一二三四五六七八", 3, []string{"一二三", "四五六", "七八"}},
		// closing punctuation never starts a line: 三 moves down with 。
		{"一二三。四五", 3, []string{"一二", "三。四", "五"}},
		// opening punctuation never ends a line
		{"一二（三）", 3, []string{"一二", "（三）"}},
		// Latin words stay whole and break at spaces
		{"ISO 9001 认证", 3, []string{"ISO", "9001", "认证"}},
		{"通过ISO 9001认证", 3, []string{"通过", "ISO", "9001认", "证"}},
		{"人民币 58,600 万元", 6, []string{"人民币", "58,600 万元"}},
		// a token longer than a line is cut by characters
		{"https://example.com", 3, []string{"https:", "//exam", "ple.co", "m"}},
		// paragraphs are kept
		{"第一段\n\n第二段", 10, []string{"第一段", "", "第二段"}},
	} {
		got := wrap(tc.text, tc.max, monoWidth)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %v) = %q, want %q", tc.text, tc.max, got, tc.want)
		}
	}
}

// TestWrapKeepsEveryCharacter wraps the long 单位简介 at many widths: no line
// is too wide or starts with closing punctuation, and no character is lost.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	for limit := 4.0; limit <= 60; limit += 1.5 {
		lines := wrap(intro, limit, monoWidth)
		for i, l := range lines {
			if monoWidth(l) > limit {
				t.Fatalf("limit %v: line %d too wide: %q", limit, i, l)
			}
			if r, _ := utf8.DecodeRuneInString(l); i > 0 && strings.ContainsRune(noStart, r) {
				t.Errorf("limit %v: line %d starts with %q", limit, i, r)
			}
		}
		if squeeze(strings.Join(lines, "")) != squeeze(intro) {
			t.Fatalf("limit %v: characters lost:\n%s", limit, strings.Join(lines, "\n"))
		}
	}
}

func TestClean(t *testing.T) {
	got := clean("a\tb\r\nc\rd\x00e\x1b𠮷😀中")
	if want := "a b\nc\nde□□中"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
}
