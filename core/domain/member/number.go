package member

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// NumberFormat describes how member numbers are built from the year and a
// per-kind sequence. Pattern tokens: {YYYY} the four-digit year, {YY} its last two
// digits, {SEQ:n} the sequence zero-padded to n digits. Every other character is
// copied. The default enterprise format "{YY}{SEQ:6}" gives 19141263; the
// individual one "GR{YY}{SEQ:4}" gives GR190037. A pattern with a year token counts
// from 1 again each year; one without (e.g. "{SEQ:6}") counts on across years (see
// Scope).
type NumberFormat struct {
	Pattern string
}

// Default number formats from the association's manual.
var (
	DefaultEnterpriseNumbers = NumberFormat{Pattern: "{YY}{SEQ:6}"}
	DefaultIndividualNumbers = NumberFormat{Pattern: "GR{YY}{SEQ:4}"}
)

// Validate checks the pattern has exactly one sequence token with a width of 1–12.
func (f NumberFormat) Validate() error {
	_, err := f.seqWidth()
	return err
}

func (f NumberFormat) seqWidth() (int, error) {
	i := strings.Index(f.Pattern, "{SEQ:")
	if i < 0 || strings.Count(f.Pattern, "{SEQ:") != 1 {
		return 0, fmt.Errorf("member number pattern %q needs exactly one {SEQ:n}", f.Pattern)
	}
	j := strings.IndexByte(f.Pattern[i:], '}')
	if j < 0 {
		return 0, fmt.Errorf("member number pattern %q: unclosed sequence token", f.Pattern)
	}
	w, err := strconv.Atoi(f.Pattern[i+5 : i+j])
	if err != nil || w < 1 || w > 12 {
		return 0, fmt.Errorf("member number pattern %q: sequence width must be 1–12", f.Pattern)
	}
	return w, nil
}

// Capacity returns the largest sequence value the pattern can hold.
func (f NumberFormat) Capacity() (int64, error) {
	w, err := f.seqWidth()
	if err != nil {
		return 0, err
	}
	c := int64(1)
	for range w {
		c *= 10
	}
	return c - 1, nil
}

// Format builds the member number for a year and a sequence value (starting at 1).
// It fails when the sequence does not fit the pattern: numbers are never reused or
// truncated.
func (f NumberFormat) Format(at time.Time, seq int64) (string, error) {
	limit, err := f.Capacity()
	if err != nil {
		return "", err
	}
	if seq < 1 || seq > limit {
		return "", fmt.Errorf("member number sequence %d outside 1..%d for pattern %q", seq, limit, f.Pattern)
	}
	w, _ := f.seqWidth()
	year := at.Year()
	r := strings.NewReplacer(
		"{YYYY}", fmt.Sprintf("%04d", year),
		"{YY}", fmt.Sprintf("%02d", year%100),
		fmt.Sprintf("{SEQ:%d}", w), fmt.Sprintf("%0*d", w, seq),
	)
	return r.Replace(f.Pattern), nil
}

// HasYear reports whether the pattern contains a year token ({YYYY} or {YY}).
func (f NumberFormat) HasYear() bool {
	return strings.Contains(f.Pattern, "{YYYY}") || strings.Contains(f.Pattern, "{YY}")
}

// Scope names the counter the numbers of this pattern are drawn from for a member
// kind at a time: with a year token, one counter per kind and year
// (SequenceScope); without one, a single running counter per kind
// ("member_number:<kind>"), since a counter restarting each year would hand out
// last year's numbers again.
func (f NumberFormat) Scope(kind Kind, at time.Time) string {
	if !f.HasYear() {
		return fmt.Sprintf("member_number:%s", kind)
	}
	return SequenceScope(kind, at)
}

// SequenceScope names the per-kind, per-year counter ("member_number:<kind>:<year>")
// of patterns with a year token. Use NumberFormat.Scope, which also handles
// patterns without one.
func SequenceScope(kind Kind, at time.Time) string {
	return fmt.Sprintf("member_number:%s:%d", kind, at.Year())
}
