package bunstore

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/contact"
)

// ContactsOf returns the contacts of the members, 500 members a query.
func (x *LegacyImports) ContactsOf(ctx context.Context, memberIDs []string) ([]contact.Contact, error) {
	var out []contact.Contact
	for _, ids := range chunks(memberIDs, 500) {
		var rows []contactRow
		if err := x.db.conn(ctx).NewSelect().Model(&rows).Where("member_id IN (?)", bun.List(ids)).
			Scan(ctx); err != nil {
			return nil, fmt.Errorf("bunstore: imported members' contacts: %w", err)
		}
		for _, r := range rows {
			out = append(out, r.contact())
		}
	}
	return out, nil
}

// ReplaceContacts deletes the members' contacts and inserts cs, 500 rows a
// statement, in the transaction in ctx.
func (x *LegacyImports) ReplaceContacts(ctx context.Context, memberIDs []string, cs []contact.Contact) error {
	return x.db.joinTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return x.db.unmapped(ctx, tx, func() error { return replaceContacts(ctx, x.db.bulk(tx), memberIDs, cs) }) // see unmapped.go, bulk_exec.go
	})
}

// replaceContacts is ReplaceContacts in the transaction tx.
func replaceContacts(ctx context.Context, tx bun.IDB, memberIDs []string, cs []contact.Contact) error {
	for _, ids := range chunks(memberIDs, 500) {
		if _, err := tx.NewDelete().Model((*contactRow)(nil)).Where("member_id IN (?)", bun.List(ids)).
			Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: replace imported contacts: %w", err)
		}
	}
	for _, chunk := range chunks(cs, 500) {
		rows := make([]contactRow, len(chunk))
		for i, c := range chunk {
			rows[i] = contactRow{ID: c.ID, MemberID: c.MemberID, Role: string(c.Role), Dept: c.Dept, Name: c.Name,
				Title: c.Title, Phone: c.Phone, Mobile: c.Mobile, Email: c.Email,
				CreatedAt: storedTime(c.CreatedAt), UpdatedAt: storedTime(c.UpdatedAt)}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return fmt.Errorf("bunstore: insert imported contacts: %w", err)
		}
	}
	return nil
}
