package legacyimport

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/contact"
)

// parseOthers reads the 其他联系人 cell: contacts separated by 「；」「;」「、」
// or a line break, each its name, then its phone, mobile, position or email
// in any order, separated by spaces or commas (李四 13900139000；王五 经理
// 010-68412345). Without a hard separator, a name after a contact that has a
// phone, a mobile or an email starts the next contact. Each contact is
// checked as the form of 联系人管理 checks it; a problem names the contact.
func parseOthers(v *apperr.Validation, cell string) []contact.Fields {
	var out []contact.Fields
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool {
		return r == ';' || r == '；' || r == '、' || r == '\n' || r == '\r'
	}) {
		out = append(out, splitContacts(part)...)
	}
	if len(out) >= contact.MaxPerMember {
		v.Add(string(FieldOtherContacts), contact.ErrTooMany,
			fmt.Sprintf("其他联系人最多%d位", contact.MaxPerMember-1))
		return nil
	}
	for i := range out {
		out[i].Role = contact.Plain
		out[i].Normalize()
		if err := out[i].Check(); err != nil {
			f := apperr.As(err).Fields[0]
			v.Add(string(FieldOtherContacts), f.Code, fmt.Sprintf("其他联系人第%d位（%s）：%s", i+1, out[i].Name, f.Message))
		}
	}
	return out
}

// splitContacts reads the contacts of a part without hard separators.
func splitContacts(part string) []contact.Fields {
	var out []contact.Fields
	var cur *contact.Fields
	for _, tok := range strings.FieldsFunc(part, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '，' || r == '/' || r == '\u3000'
	}) {
		switch {
		case cur != nil && strings.Contains(tok, "@"):
			cur.Email = tok
		case cur != nil && application.ValidMobile(tok):
			cur.Mobile = tok
		case cur != nil && application.ValidPhone(tok):
			cur.Phone = tok
		case cur == nil || cur.Phone != "" || cur.Mobile != "" || cur.Email != "":
			out = append(out, contact.Fields{Name: tok})
			cur = &out[len(out)-1]
		case cur.Title == "":
			cur.Title = tok
		default:
			cur.Title += " " + tok
		}
	}
	return out
}

// ContactsOf returns the contacts an imported enterprise gets in 联系人管理:
// its first contact (第一联系人, under contact.SeedID, the identity a
// member's application seeds) and the further ones (联系人) in the file's
// order; none for an individual.
func (c Candidate) ContactsOf(memberID string, now time.Time) []contact.Contact {
	e := c.Entry.Enterprise
	if e == nil || e.ContactName == "" {
		return nil
	}
	out := []contact.Contact{contact.Seed(memberID, *e, now)}
	for i, f := range c.Others {
		cc := contact.Contact{ID: fmt.Sprintf("%s-c%d", memberID, i+2), MemberID: memberID,
			CreatedAt: now.Add(time.Duration(i+1) * time.Microsecond)}
		cc.Apply(f, now)
		out = append(out, cc)
	}
	return out
}
