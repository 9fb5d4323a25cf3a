package bunstore

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/ports"
)

// contactRow is one contact of a member (member_contacts, migration 0023).
type contactRow struct {
	bun.BaseModel `bun:"table:member_contacts"`

	ID        string    `bun:"id,pk"`
	MemberID  string    `bun:"member_id"`
	Role      string    `bun:"role"`
	Dept      string    `bun:"dept"`
	Name      string    `bun:"name"`
	Title     string    `bun:"title"`
	Phone     string    `bun:"phone"`
	Mobile    string    `bun:"mobile"`
	Email     string    `bun:"email"`
	CreatedAt time.Time `bun:"created_at"`
	UpdatedAt time.Time `bun:"updated_at"`
}

func (r contactRow) contact() contact.Contact {
	return contact.Contact{ID: r.ID, MemberID: r.MemberID, Role: contact.Role(r.Role), Dept: r.Dept, Name: r.Name,
		Title: r.Title, Phone: r.Phone, Mobile: r.Mobile, Email: r.Email, CreatedAt: loadedTime(r.CreatedAt),
		UpdatedAt: loadedTime(r.UpdatedAt)}
}

// Contacts stores members' contacts; it implements ports.ContactRepository.
type Contacts struct{ db *DB }

var _ ports.ContactRepository = (*Contacts)(nil)

// NewContacts returns the contact repository of db.
func NewContacts(db *DB) *Contacts { return &Contacts{db: db} }

// ListContacts returns a member's contacts, the first contact first.
func (x *Contacts) ListContacts(ctx context.Context, memberID string) ([]contact.Contact, error) {
	// A prepared statement: the member's detail in 会员管理 asks it on every view.
	q := x.db.bun.NewSelect().Model((*contactRow)(nil)).Where("member_id = ?", bun.Safe("?")).
		OrderExpr("CASE WHEN role = 'first' THEN 0 ELSE 1 END, created_at, id").Limit(contact.MaxPerMember + 1)
	sqlRows, err := x.db.query(ctx, "contacts_of_member", q.String, memberID)
	if err != nil {
		return nil, fmt.Errorf("bunstore: list contacts: %w", err)
	}
	var rows []contactRow
	if err := x.db.bun.ScanRows(ctx, sqlRows, &rows); err != nil {
		return nil, fmt.Errorf("bunstore: list contacts: %w", err)
	}
	out := make([]contact.Contact, len(rows))
	for i, r := range rows {
		out[i] = r.contact()
	}
	return out, nil
}

// GetContact loads one of a member's contacts.
func (x *Contacts) GetContact(ctx context.Context, memberID, id string) (contact.Contact, error) {
	var row contactRow
	err := x.db.conn(ctx).NewSelect().Model(&row).Where("id = ?", id).Where("member_id = ?", memberID).Scan(ctx)
	if err != nil {
		return contact.Contact{}, notFound(err, contact.ErrNotFound, "联系人不存在")
	}
	return row.contact(), nil
}

// PutContact inserts a contact or replaces the member's one of its ID.
func (x *Contacts) PutContact(ctx context.Context, c contact.Contact) error {
	row := contactRow{ID: c.ID, MemberID: c.MemberID, Role: string(c.Role), Dept: c.Dept, Name: c.Name,
		Title: c.Title, Phone: c.Phone, Mobile: c.Mobile, Email: c.Email, CreatedAt: storedTime(c.CreatedAt),
		UpdatedAt: storedTime(c.UpdatedAt)}
	res, err := x.db.conn(ctx).NewUpdate().Model(&row).WherePK().Where("member_id = ?", c.MemberID).
		ExcludeColumn("created_at").Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: save contact: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n > 0 {
		return nil
	}
	if _, err := x.db.conn(ctx).NewInsert().Model(&row).Exec(ctx); err != nil {
		return fmt.Errorf("bunstore: add contact: %w", err)
	}
	return nil
}

// DeleteContact deletes one of a member's contacts.
func (x *Contacts) DeleteContact(ctx context.Context, memberID, id string) error {
	res, err := x.db.conn(ctx).NewDelete().Model((*contactRow)(nil)).Where("id = ?", id).
		Where("member_id = ?", memberID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("bunstore: delete contact: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return contact.NotFoundError()
	}
	return nil
}
