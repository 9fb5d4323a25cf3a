package memberindex

import (
	"strings"
	"unicode"
)

// Search bounds: longer terms are cut, further terms dropped (the core
// refuses longer search text before it gets here).
const (
	MaxTerms   = 8
	MaxTermLen = 64
)

// Normalize brings text to the form it is searched in: full-width forms folded
// to ASCII (ＡＢＣ１ → abc1, （ → (), lower case, whitespace and control
// characters removed.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = fold(r)
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// fold maps a full-width form to its ASCII character and the ideographic
// space to a space.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// QueryTerms splits a search box's text into normalized terms (whitespace
// separates them): at most MaxTerms of at most MaxTermLen characters.
func QueryTerms(search string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(search, func(r rune) bool { return unicode.IsSpace(fold(r)) }) {
		t := []rune(Normalize(f))
		if len(t) == 0 {
			continue
		}
		if len(t) > MaxTermLen {
			t = t[:MaxTermLen]
		}
		out = append(out, string(t))
		if len(out) == MaxTerms {
			break
		}
	}
	return out
}

// Tokens are how a full-text index stores the terms: every character with the
// one after it (the last with an end mark), each pair spelt in the letters a–z
// so that any tokenizer keeps it whole, in order. A substring of two or more
// characters is then a phrase of consecutive tokens, and a single character a
// token prefix; the end mark keeps phrases from running across two terms.
func Tokens(terms []string) []string {
	var out []string
	for _, t := range terms {
		rs := []rune(t)
		for i, r := range rs {
			var next rune // the end mark
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			out = append(out, spell(r)+spell(next))
		}
	}
	return out
}

// TermQuery is what a term asks of the full-text index: the phrase of
// consecutive tokens, or, for a one-character term, the prefix every token of
// that character starts with (Prefix true).
func TermQuery(term string) (tokens []string, prefix bool) {
	rs := []rune(term)
	if len(rs) == 1 {
		return []string{spell(rs[0])}, true
	}
	for i := 0; i+1 < len(rs); i++ {
		tokens = append(tokens, spell(rs[i])+spell(rs[i+1]))
	}
	return tokens, false
}

// spell writes a code point as five letters a–z (26⁵ > 0x10FFFF).
func spell(r rune) string {
	var b [5]byte
	v := int(r)
	for i := 4; i >= 0; i-- {
		b[i] = byte('a' + v%26)
		v /= 26
	}
	return string(b[:])
}
