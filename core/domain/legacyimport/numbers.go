package legacyimport

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/member"
)

var patternToken = regexp.MustCompile(`\{YYYY\}|\{YY\}|\{SEQ:(\d+)\}`)

// SequenceReader reads imported member numbers against a kind's number
// pattern (compiled once: a file has many rows).
type SequenceReader struct {
	f      member.NumberFormat
	kind   member.Kind
	re     *regexp.Regexp
	groups []string
}

// NewSequenceReader compiles the pattern of a kind's numbers.
func NewSequenceReader(f member.NumberFormat, kind member.Kind) *SequenceReader {
	var b strings.Builder
	b.WriteString("^")
	var groups []string
	last := 0
	for _, loc := range patternToken.FindAllStringSubmatchIndex(f.Pattern, -1) {
		b.WriteString(regexp.QuoteMeta(f.Pattern[last:loc[0]]))
		switch tok := f.Pattern[loc[0]:loc[1]]; tok {
		case "{YYYY}":
			b.WriteString(`(\d{4})`)
			groups = append(groups, "yyyy")
		case "{YY}":
			b.WriteString(`(\d{2})`)
			groups = append(groups, "yy")
		default:
			b.WriteString(`(\d{` + f.Pattern[loc[2]:loc[3]] + `})`)
			groups = append(groups, "seq")
		}
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(f.Pattern[last:]) + "$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		re = nil
	}
	return &SequenceReader{f: f, kind: kind, re: re, groups: groups}
}

// Read reads an imported member number: when it fits the pattern, scope is
// the counter it would have been drawn from and seq its value, so that the
// counter can be moved past it (numbers drawn later continue after the
// highest imported one). ok is false for a number of another shape (a
// legacy number the pattern never makes).
func (r *SequenceReader) Read(number string, today time.Time) (scope string, seq int64, ok bool) {
	if r.re == nil {
		return "", 0, false
	}
	m := r.re.FindStringSubmatch(number)
	if m == nil {
		return "", 0, false
	}
	year := today.Year()
	for i, g := range r.groups {
		n, _ := strconv.Atoi(m[i+1])
		switch g {
		case "yyyy":
			year = n
		case "yy":
			year = 2000 + n
			if year > today.Year()+1 {
				year -= 100
			}
		case "seq":
			seq = int64(n)
		}
	}
	if seq < 1 {
		return "", 0, false
	}
	return r.f.Scope(r.kind, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)), seq, true
}

// SequenceOf is NewSequenceReader(f, kind).Read(number, today).
func SequenceOf(f member.NumberFormat, kind member.Kind, number string, today time.Time) (scope string, seq int64, ok bool) {
	return NewSequenceReader(f, kind).Read(number, today)
}
