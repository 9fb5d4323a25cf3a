package pdfdoc

import (
	"strings"
	"unicode"
)

// noStart are characters that must not begin a line (Chinese line-breaking
// rules, 避头): closing punctuation stays with the character before it.
const noStart = "，。、；：？！）》」』】〕〉”’％‰·…—～,.;:!?)]}%"

// noEnd are characters that must not end a line (避尾): opening punctuation
// stays with the character after it.
const noEnd = "（《「『【〔〈“‘([{"

// clean makes text printable with a BMP TrueType font: newlines normalised,
// tabs to spaces, other control characters dropped, and characters outside
// the Basic Multilingual Plane (which fpdf cannot encode, and on which its
// width lookup panics) replaced by □.
func clean(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r > 0xFFFF:
			b.WriteRune('□')
		case unicode.IsControl(r): // dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// breaksAround reports whether a line may break before and after r without a
// space: Chinese/Japanese/Korean characters and punctuation. ASCII
// punctuation belongs to its word (58,600 or ISO 9001:2015 stay whole).
func breaksAround(r rune) bool {
	return r > 0x7F && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0x2010 && r <= 0x206F) || strings.ContainsRune(noStart+noEnd, r))
}

// tokens splits one paragraph into unbreakable pieces: single CJK characters,
// Latin words and runs of spaces, with closing punctuation glued to the piece
// before it and opening punctuation to the piece after it.
func tokens(p string) []string {
	var toks []string
	var word strings.Builder
	flush := func() {
		if word.Len() > 0 {
			toks = append(toks, word.String())
			word.Reset()
		}
	}
	for _, r := range p {
		switch {
		case r == ' ':
			flush()
			toks = append(toks, " ")
		case breaksAround(r):
			flush()
			toks = append(toks, string(r))
		default:
			word.WriteRune(r)
		}
	}
	flush()
	var out []string
	glueNext := false
	for _, t := range toks {
		r := []rune(t)
		switch {
		case glueNext && t != " ":
			out[len(out)-1] += t
		case len(r) == 1 && strings.ContainsRune(noStart, r[0]) && len(out) > 0 && out[len(out)-1] != " ":
			out[len(out)-1] += t
		default:
			out = append(out, t)
		}
		last := []rune(out[len(out)-1])
		glueNext = strings.ContainsRune(noEnd, last[len(last)-1])
	}
	return out
}

// wrap breaks text into lines no wider than limit, as measured by width.
// Paragraph breaks (newlines) are kept; it returns at least one line.
func wrap(text string, limit float64, width func(string) float64) []string {
	var lines []string
	for _, p := range strings.Split(text, "\n") {
		lines = append(lines, wrapParagraph(p, limit, width)...)
	}
	return lines
}

// wrapParagraph fills lines greedily with the tokens of p, splitting a token
// that is wider than a line by characters.
func wrapParagraph(p string, limit float64, width func(string) float64) []string {
	var lines []string
	line, lw := "", 0.0
	emit := func() {
		lines = append(lines, strings.TrimRight(line, " "))
		line, lw = "", 0
	}
	for _, t := range tokens(p) {
		if t == " " && line == "" && len(lines) > 0 {
			continue // no leading space on a wrapped line
		}
		tw := width(t)
		if lw+tw <= limit {
			line, lw = line+t, lw+tw
			continue
		}
		if line != "" {
			emit()
			if t == " " {
				continue
			}
		}
		for tw > limit { // a single token wider than the line: split by characters
			head, hw := "", 0.0
			for _, r := range t {
				rw := width(string(r))
				if head != "" && hw+rw > limit {
					break
				}
				head, hw = head+string(r), hw+rw
			}
			lines = append(lines, head)
			t = t[len(head):]
			tw = width(t)
		}
		line, lw = t, tw
	}
	if line != "" || len(lines) == 0 {
		emit()
	}
	return lines
}
