package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/ports"
)

// MemberLocales keeps members' language settings (member_locales, migration
// 0032); it implements ports.MemberLocales.
type MemberLocales struct{ db *DB }

var _ ports.MemberLocales = (*MemberLocales)(nil)

// NewMemberLocales returns the language settings of db.
func NewMemberLocales(db *DB) *MemberLocales { return &MemberLocales{db: db} }

// MemberLocale returns the member's setting, "" without a row.
func (l *MemberLocales) MemberLocale(ctx context.Context, memberID string) (string, error) {
	var ls []string
	err := l.db.conn(ctx).NewSelect().TableExpr("member_locales").Column("locale").
		Where("member_id = ?", memberID).Scan(ctx, &ls)
	if err != nil {
		return "", fmt.Errorf("bunstore: member locale: %w", err)
	}
	if len(ls) == 0 {
		return "", nil
	}
	return ls[0], nil
}

// SetMemberLocale stores the member's setting in one statement.
func (l *MemberLocales) SetMemberLocale(ctx context.Context, memberID, locale string) error {
	_, err := l.db.conn(ctx).NewRaw(`INSERT INTO member_locales (member_id, locale, updated_at) VALUES (?, ?, ?)
ON CONFLICT (member_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at`,
		memberID, locale, storedTime(time.Now())).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: set member locale: %w", err)
	}
	return nil
}
