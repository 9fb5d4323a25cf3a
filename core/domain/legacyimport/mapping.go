package legacyimport

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with the file: its row (1 is the header row),
// its column (the template header, or the file's own) and a Chinese message.
type Problem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// Mapping says which column of the file (0-based) holds each field.
type Mapping map[Field]int

// MapHeaders maps a file's header row onto the template's fields: a header
// named in custom (the staff's own mapping for a file whose headers differ,
// header text → field) wins, then the template header and its aliases. An
// unknown header is ignored; a field claimed twice or a required field
// missing is a problem on row 1, and so is a header row that maps to nothing.
func MapHeaders(header []string, custom map[string]Field) (Mapping, []Problem) {
	m := Mapping{}
	var probs []Problem
	norm := make(map[string]Field, len(custom))
	for h, f := range custom {
		norm[normHeader(h)] = f
	}
	for i, h := range header {
		key := normHeader(h)
		if key == "" {
			continue
		}
		f, ok := norm[key]
		if !ok {
			f, ok = matchHeader(key)
		}
		if !ok {
			continue
		}
		if prev, dup := m[f]; dup {
			probs = append(probs, Problem{Row: 1, Column: strings.TrimSpace(h),
				Message: fmt.Sprintf("「%s」与第%d列重复，都对应「%s」", strings.TrimSpace(h), prev+1, HeaderOf(f))})
			continue
		}
		m[f] = i
	}
	if len(m) == 0 {
		return m, []Problem{{Row: 1, Column: "表头", Message: "第一行不是导入模板的表头：请使用导入模板，或指定每一列对应的字段"}}
	}
	for _, c := range Columns() {
		if _, ok := m[c.Field]; c.Required && !ok {
			probs = append(probs, Problem{Row: 1, Column: c.Header, Message: fmt.Sprintf("缺少必填列「%s」", c.Header)})
		}
	}
	return m, probs
}

func matchHeader(key string) (Field, bool) {
	for _, c := range Columns() {
		if normHeader(c.Header) == key || string(c.Field) == key {
			return c.Field, true
		}
		for _, a := range c.Aliases {
			if normHeader(a) == key {
				return c.Field, true
			}
		}
	}
	return "", false
}

// Cells is one data row read through a mapping.
type Cells struct {
	m    Mapping
	vals []string
}

// Row returns the cells of a data row.
func (m Mapping) Row(vals []string) Cells { return Cells{m: m, vals: vals} }

// Get returns the trimmed text of a field ("" when absent).
func (c Cells) Get(f Field) string {
	i, ok := c.m[f]
	if !ok || i >= len(c.vals) {
		return ""
	}
	return strings.TrimSpace(c.vals[i])
}
