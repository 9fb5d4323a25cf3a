package memstore

import (
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// memberRow is a stored member: its snapshot as bunstore would read it back,
// and whether it has an application (bunstore's row in the applications table).
type memberRow struct {
	snap   member.Snapshot
	hasApp bool
}

// member rebuilds the aggregate through the domain's constructor: a fresh value
// each time, with no pending events.
func (r memberRow) member() *member.Member { return member.Restore(r.snap) }

// matchName and formMatchName are the normalized registered and form names that
// statement lines are matched by (bunstore's match_name and form_match_name).
func (r memberRow) matchName() string { return payment.MatchName(r.snap.Name) }

func (r memberRow) formMatchName() string {
	if r.snap.Kind == member.Individual {
		return payment.MatchName(r.snap.Application.Individual.Name)
	}
	return payment.MatchName(r.snap.Application.Enterprise.Name)
}

// notNull is the index key of a NOT NULL column's value: never empty, so that
// the empty string is a value that counts (only NULLs are not unique).
func notNull(s string) string { return "=" + s }

// nameIndexKey is the key of a member's name within its kind.
func nameIndexKey(kind member.Kind, name string) string { return string(kind) + "\x00" + name }

// storedMember returns the row bunstore would read back after storing s over
// old (exists tells whether there is an old row): times (the email state's
// too) in UTC to the microsecond, validity as calendar days, only the form of
// the member's kind. bunstore never deletes an application row, so a snapshot
// without an application keeps the stored one.
func storedMember(s member.Snapshot, old memberRow, exists bool) memberRow {
	s.ValidFrom, s.ValidUntil = storedDay(s.ValidFrom), storedDay(s.ValidUntil)
	s.CreatedAt, s.UpdatedAt = storedTime(s.CreatedAt), storedTime(s.UpdatedAt)
	s.InitialCredentialUntil = storedTime(s.InitialCredentialUntil)
	e := &s.EmailState
	e.VerifiedAt, e.VerifyMailAt = storedTime(e.VerifiedAt), storedTime(e.VerifyMailAt)
	e.VerifyMailsSince, e.AttemptMailAt = storedTime(e.VerifyMailsSince), storedTime(e.AttemptMailAt)
	hasApp := exists && old.hasApp
	if s.Application == (application.Application{}) {
		if hasApp {
			s.Application = old.snap.Application
		}
		return memberRow{snap: s, hasApp: hasApp}
	}
	a := s.Application
	if s.Kind == member.Individual {
		a.Enterprise = application.EnterpriseForm{}
	} else {
		a.Individual = application.IndividualForm{}
	}
	a.Scan.UploadedAt = storedTime(a.Scan.UploadedAt)
	a.SavedAt, a.SubmittedAt = storedTime(a.SavedAt), storedTime(a.SubmittedAt)
	a.ApprovedAt, a.RejectedAt = storedTime(a.ApprovedAt), storedTime(a.RejectedAt)
	s.Application = a
	return memberRow{snap: s, hasApp: true}
}

// putMember stores a member (adding: a new one) after checking the unique
// constraints in the order the database does: name within the kind, email,
// number, payment reference. Only name and email are apperr conflicts when
// adding; every clash is one when updating (as bunstore maps them).
func putMember(d *data, s member.Snapshot, adding bool) error {
	old, exists := d.members.get(s.ID)
	if adding && exists {
		return errConstraint("members.id %q exists", s.ID)
	}
	if !adding && !exists {
		return errMemberNotFound()
	}
	s.Version = 1 // every stored change counts (optimistic concurrency)
	if exists {
		s.Version = old.snap.Version + 1
	}
	row := storedMember(s, old, exists)
	numberErr, refErr := errMemberNumber, errPaymentRef
	if adding {
		numberErr = func() error { return errConstraint("members.number %q is taken", s.Number) }
		refErr = func() error { return errConstraint("members.payment_ref %q is taken", s.PaymentRef) }
	}
	var was member.Snapshot
	if exists {
		was = old.snap
	}
	us := []unique{
		{&d.memberNames, oldKey(exists, nameIndexKey(was.Kind, was.Name)), nameIndexKey(s.Kind, s.Name), errMemberName},
		{&d.memberEmails, oldKey(exists, notNull(was.Email)), notNull(s.Email), errMemberEmail},
		{&d.memberNumbers, was.Number, s.Number, numberErr},
		{&d.memberRefs, was.PaymentRef, s.PaymentRef, refErr},
	}
	if err := checkUnique(s.ID, us); err != nil {
		return err
	}
	applyUnique(s.ID, us)
	d.members.put(s.ID, row)
	return nil
}

// oldKey is the index key of a stored row, or none for a new row.
func oldKey(exists bool, key string) string {
	if !exists {
		return ""
	}
	return key
}

// membersByID returns the stored members with the ids, skipping missing ones.
func membersByID(d *data, ids []string) []*member.Member {
	out := make([]*member.Member, 0, len(ids))
	for _, id := range ids {
		if row, ok := d.members.get(id); ok {
			out = append(out, row.member())
		}
	}
	return out
}
