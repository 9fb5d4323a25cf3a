// Package pinyinkey turns Chinese text into the keys the member registry
// searches and sorts by: the pinyin initials a member is found by (「zgzl」
// finds 「中国质量协会」) and the full pinyin its names sort by. It wraps
// github.com/mozillazg/go-pinyin for adapters/bunstore and adapters/memstore,
// so that both search alike; the core never transliterates.
package pinyinkey

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// maxVariants bounds the initials variants of one text: a character with
// readings of different initials (重 zhong/chong, 行 xing/hang) doubles them.
const maxVariants = 8

// Initials returns the pinyin initials of s, lower case: the first letter of
// each Han character's reading; ASCII letters and digits kept (lower case);
// everything else dropped. A character read in several ways with different
// initials (重庆 zq/cq, 银行 yx/yh) gives several variants, the common reading
// first, as long as there are at most eight; beyond, the later characters keep
// their common reading. Text without Han characters gives nil: its letters are
// searched as they are.
func Initials(s string) []string {
	variants := []string{""}
	han := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
			variants = extend(variants, initialsOf(r))
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			variants = extend(variants, []string{string(unicode.ToLower(r))})
		}
	}
	if !han {
		return nil
	}
	return variants
}

// extend appends each of the choices to every variant (the first choice only
// once the variants would exceed maxVariants).
func extend(variants, choices []string) []string {
	if len(choices) == 0 {
		return variants
	}
	if len(variants)*len(choices) > maxVariants {
		choices = choices[:1]
	}
	out := make([]string, 0, len(variants)*len(choices))
	for _, c := range choices {
		for _, v := range variants {
			out = append(out, v+c)
		}
	}
	return out
}

// initialsOf returns the distinct initials of a Han character's readings,
// the common reading's first (at most two).
func initialsOf(r rune) []string {
	args := pinyin.NewArgs()
	args.Style = pinyin.FirstLetter
	args.Heteronym = true
	var out []string
	for _, p := range pinyin.SinglePinyin(r, args) {
		if p == "" || len(out) == 2 {
			continue
		}
		if len(out) == 0 || out[0] != p {
			out = append(out, p)
		}
	}
	return out
}

// SortKey returns the key names sort by in pinyin order: each Han character's
// common reading without tones, other letters and digits lower-cased, the
// syllables separated by a space (so that 李明 "li ming" sorts before 林 "lin").
func SortKey(s string) string {
	args := pinyin.NewArgs()
	var b strings.Builder
	syllable := false // the last thing written was a syllable
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			if ps := pinyin.SinglePinyin(r, args); len(ps) > 0 {
				b.WriteString(ps[0])
			} else {
				b.WriteRune(r)
			}
			syllable = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if syllable {
				b.WriteByte(' ')
				syllable = false
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
