package legacyimport

import (
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
)

// Keys are the values that must be unique among members: the member number,
// the USCC or ID number, the name per kind and the login email.
type Keys struct {
	Number string
	RegNo  string
	Kind   member.Kind
	Name   string
	Email  string
}

// KeysOf returns a candidate's unique keys.
func KeysOf(c Candidate) Keys {
	k := Keys{Number: c.Entry.Number, Kind: c.Entry.Kind, Name: c.Entry.Name, Email: c.Entry.Email}
	if f := c.Entry.Enterprise; f != nil {
		k.RegNo = f.USCC
	}
	if f := c.Entry.Individual; f != nil {
		k.RegNo = f.IDNumber
	}
	return k
}

// Seen remembers the unique keys of the rows read so far, to find the rows
// of a file that repeat an earlier one. It holds strings only (a few per
// row), so that 200 000 rows stay small.
type Seen struct {
	first map[string]int
}

// NewSeen starts an empty record.
func NewSeen() *Seen { return &Seen{first: map[string]int{}} }

// Check records a candidate's keys and returns a problem for each key an
// earlier row of the file already has.
func (s *Seen) Check(c Candidate) []Problem {
	k := KeysOf(c)
	var out []Problem
	try := func(key, value string, f Field, what string) {
		if value == "" {
			return
		}
		if prev, ok := s.first[key]; ok {
			out = append(out, Problem{Row: c.Line, Column: HeaderOf(f),
				Message: fmt.Sprintf("与第%d行的%s重复：%s", prev, what, value)})
			return
		}
		s.first[key] = c.Line
	}
	try("n\x00"+k.Number, k.Number, FieldNumber, "会员编号")
	try("r\x00"+k.RegNo, k.RegNo, FieldRegNo, regNoLabel(k.Kind))
	try("m\x00"+string(k.Kind)+"\x00"+k.Name, k.Name, FieldName, "会员名称")
	try("e\x00"+k.Email, k.Email, FieldEmail, "登录邮箱")
	return out
}

func regNoLabel(k member.Kind) string {
	if k == member.Individual {
		return "身份证号"
	}
	return "统一社会信用代码"
}
