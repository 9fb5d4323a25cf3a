package memstore

import (
	"context"

	"github.com/openassoc/membership/ports"
)

// MemberLocales keeps members' language settings; it implements
// ports.MemberLocales.
type MemberLocales struct{ s *Store }

var _ ports.MemberLocales = (*MemberLocales)(nil)

// MemberLocales returns the members' language settings.
func (s *Store) MemberLocales() *MemberLocales { return &MemberLocales{s: s} }

// MemberLocale returns the member's setting, "" when unset.
func (r *MemberLocales) MemberLocale(ctx context.Context, memberID string) (string, error) {
	var l string
	err := r.s.read(ctx, true, func(d *data) error {
		l, _ = d.locales.get(memberID)
		return nil
	})
	return l, err
}

// SetMemberLocale stores the member's setting.
func (r *MemberLocales) SetMemberLocale(ctx context.Context, memberID, locale string) error {
	return r.s.write(ctx, true, "MemberLocales.SetMemberLocale", func(d *data) error {
		if !d.members.has(memberID) {
			return errConstraint("member_locales: no member %q", memberID)
		}
		d.locales.put(memberID, locale)
		return nil
	})
}
