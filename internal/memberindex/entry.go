// Package memberindex is what the storage adapters share of the member
// registry (会员管理), so that adapters/bunstore and adapters/memstore list and
// search members alike: the entry one member is filed under (its searchable
// terms, filter values and sort keys, taken from the member and its
// application form), the normalization of search text, the bigram tokens a
// full-text index stores and a search asks for, and the registry's filters,
// order and counts evaluated in memory (memstore's way; bunstore asks SQL the
// same questions).
package memberindex

import (
	"strconv"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/pinyinkey"
	"github.com/openassoc/membership/ports"
)

// Version numbers the way entries are built: an adapter rebuilds stored
// entries of an older version (new terms, another transliteration).
const Version = 1

// Missing is the sort key of a member without the sort's value (no number, no
// validity): it sorts after every value.
const Missing = "~"

// Entry is one member as the registry files it.
type Entry struct {
	ports.MemberRow
	// JoinedYear is the year of JoinedOn ("" before approval).
	JoinedYear string
	// NumberKey, NameKey, JoinedKey and ValidityKey are the sort keys: the
	// number (Missing without), the name's pinyin, the day of joining
	// (YYYY-MM-DD, "" before approval, so that it comes last newest-first) and
	// the last day of validity (Missing without).
	NumberKey, NameKey, JoinedKey, ValidityKey string
	// Terms are the normalized texts the search box matches.
	Terms []string
}

// New files a member: s is the member as stored, openClaim whether a claim or
// voucher of it waits for finance, loc the association's time zone (the day of
// joining is the approval's day there).
func New(s member.Snapshot, openClaim bool, loc *time.Location) Entry {
	if loc == nil {
		loc = time.UTC
	}
	e := Entry{MemberRow: ports.MemberRow{ID: s.ID, Number: s.Number, Name: s.Name, Kind: s.Kind, Level: s.Level,
		Status: s.Status, FeeState: payment.MemberState(s.Status, openClaim), Email: s.Email,
		ValidUntil: day(s.ValidUntil, time.UTC), CreatedAt: s.CreatedAt.UTC()}}
	if at := s.JoinedAt(); !at.IsZero() {
		e.JoinedOn = day(at, loc)
		e.JoinedYear = strconv.Itoa(e.JoinedOn.Year())
		e.JoinedKey = e.JoinedOn.Format(time.DateOnly)
	}
	formName, contactNames, phones, emails := fromForm(&e, s)
	e.NumberKey, e.ValidityKey = keyOr(s.Number), Missing
	if !e.ValidUntil.IsZero() {
		e.ValidityKey = e.ValidUntil.Format(time.DateOnly)
	}
	e.NameKey = pinyinkey.SortKey(s.Name)
	texts := []string{s.Number, s.Name, formName, e.USCC, s.Email}
	texts = append(append(append(texts, emails...), contactNames...), phones...)
	for _, n := range append([]string{s.Name, formName}, contactNames...) {
		texts = append(texts, pinyinkey.Initials(n)...)
	}
	e.Terms = terms(texts)
	return e
}

// fromForm fills the entry's fields that live in the application form and
// returns the form's name, contact names, phones and emails to search.
func fromForm(e *Entry, s member.Snapshot) (string, []string, []string, []string) {
	if s.Kind == member.Individual {
		f := s.Application.Individual
		e.Province, e.ContactPhone = f.Province, f.Mobile
		return f.Name, nil, []string{f.Mobile}, []string{f.Email}
	}
	f := s.Application.Enterprise
	e.Province, e.Industry, e.USCC, e.ContactName = f.Province, f.Industry, f.USCC, f.ContactName
	e.ContactPhone = f.ContactMobile
	if e.ContactPhone == "" {
		e.ContactPhone = f.ContactPhone
	}
	return f.Name, []string{f.ContactName}, []string{f.ContactPhone, f.ContactMobile}, []string{f.ContactEmail}
}

// day is the calendar day of t in loc as midnight UTC (zero stays zero).
func day(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func keyOr(v string) string {
	if v == "" {
		return Missing
	}
	return v
}

// terms normalizes texts, dropping empty and repeated ones.
func terms(texts []string) []string {
	out := make([]string, 0, len(texts))
	seen := make(map[string]bool, len(texts))
	for _, t := range texts {
		n := Normalize(t)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}
