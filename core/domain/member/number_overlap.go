package member

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rule that keeps member numbers unique across kinds: enterprises and
// individuals draw their numbers from separate counters, so the two patterns
// must never be able to make the same number — otherwise an enterprise and a
// person could both hold 25000001, and a login, a payment reference or a
// statement line by member number would reach either.

// slot is one character of the numbers a pattern makes: a fixed character, or
// any decimal digit (from a year or sequence token).
type slot struct {
	digit bool
	r     rune
}

// slots returns the shape of every number the pattern makes, character by
// character: {YYYY} is four digits, {YY} two, {SEQ:n} n (numbers are never
// wider than their pattern: Format refuses sequences that do not fit), every
// other character itself — read as Format reads the pattern.
func (f NumberFormat) slots() ([]slot, error) {
	w, err := f.seqWidth()
	if err != nil {
		return nil, err
	}
	seq := "{SEQ:" + strconv.Itoa(w) + "}"
	var out []slot
	for p := f.Pattern; p != ""; {
		n, width := 0, 0
		switch {
		case strings.HasPrefix(p, "{YYYY}"):
			n, width = len("{YYYY}"), 4
		case strings.HasPrefix(p, "{YY}"):
			n, width = len("{YY}"), 2
		case strings.HasPrefix(p, seq):
			n, width = len(seq), w
		}
		if n > 0 {
			for range width {
				out = append(out, slot{digit: true})
			}
			p = p[n:]
			continue
		}
		r, size := utf8.DecodeRuneInString(p)
		out = append(out, slot{r: r})
		p = p[size:]
	}
	return out, nil
}

// fits reports whether one character position can hold the same character in
// numbers of both shapes.
func (s slot) fits(o slot) bool {
	switch {
	case s.digit && o.digit:
		return true
	case s.digit:
		return o.r >= '0' && o.r <= '9'
	case o.digit:
		return s.r >= '0' && s.r <= '9'
	}
	return s.r == o.r
}

// Overlaps reports whether the two patterns can make the same number: both
// numbers have the same length and every position can hold the same
// character. {YY}{SEQ:6} and {SEQ:8} overlap (eight digits each);
// {YY}{SEQ:6} and GR{YY}{SEQ:4} do not (G is never a digit), nor do patterns
// of different lengths.
func (f NumberFormat) Overlaps(g NumberFormat) (bool, error) {
	a, err := f.slots()
	if err != nil {
		return false, err
	}
	b, err := g.slots()
	if err != nil {
		return false, err
	}
	if len(a) != len(b) {
		return false, nil
	}
	for i := range a {
		if !a[i].fits(b[i]) {
			return false, nil
		}
	}
	return true, nil
}

// CheckNumberFormats validates the two kinds' patterns and refuses a pair that
// could make the same number (Overlaps), with an error that says how to fix it.
func CheckNumberFormats(enterprise, individual NumberFormat) error {
	for _, f := range []NumberFormat{enterprise, individual} {
		if err := f.Validate(); err != nil {
			return err
		}
	}
	clash, err := enterprise.Overlaps(individual)
	if err != nil {
		return err
	}
	if clash {
		return fmt.Errorf("the enterprise pattern %q and the individual pattern %q can make the same member "+
			"number; make them differ in a fixed character at the same place (e.g. a prefix such as GR) "+
			"or in length", enterprise.Pattern, individual.Pattern)
	}
	return nil
}
