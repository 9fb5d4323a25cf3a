package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ContactFixture is a contact repository with the members it refers to and the
// transactor of its store.
type ContactFixture struct {
	Members  ports.MemberRepository
	Contacts ports.ContactRepository
	Tx       ports.Transactor
}

// RunContacts runs the contact repository's contract: round trip, order (first
// contact first), one first contact per member, another member's ids are
// NotFound, and a write rolls back with its transaction.
func RunContacts(t *testing.T, newFixture func(t *testing.T) ContactFixture) {
	run(t, "round trip, order and replace", func(t *testing.T) { contactsRoundTrip(t, newFixture(t)) })
	run(t, "one first contact; other members' ids are not found", func(t *testing.T) {
		contactsOwnership(t, newFixture(t))
	})
	run(t, "a write rolls back with its transaction", func(t *testing.T) { contactsRollback(t, newFixture(t)) })
}

func testContact(id, memberID string, role contact.Role, at time.Time) contact.Contact {
	return contact.Contact{ID: id, MemberID: memberID, Role: role, Dept: "质量安全部", Name: "张" + id,
		Title: "经理", Phone: "010-68412345", Mobile: "13800138000", Email: id + "@example.com",
		CreatedAt: at, UpdatedAt: at}
}

func contactsRoundTrip(t *testing.T, f ContactFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "联系人测试", "c@example.com", "19141263")
	require.NoError(t, f.Contacts.PutContact(ctx, testContact("c2", m.ID(), contact.Plain, epoch())))
	require.NoError(t, f.Contacts.PutContact(ctx, testContact("c3", m.ID(), contact.DeptHead, epoch().Add(time.Hour))))
	require.NoError(t, f.Contacts.PutContact(ctx, testContact("c1", m.ID(), contact.First, epoch().Add(2*time.Hour))))
	list, err := f.Contacts.ListContacts(ctx, m.ID())
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, []string{"c1", "c2", "c3"}, []string{list[0].ID, list[1].ID, list[2].ID}, "first contact first")
	got, err := f.Contacts.GetContact(ctx, m.ID(), "c2")
	require.NoError(t, err)
	want := testContact("c2", m.ID(), contact.Plain, epoch())
	sameInstant(t, want.CreatedAt, got.CreatedAt, "created")
	want.CreatedAt, want.UpdatedAt = got.CreatedAt, got.UpdatedAt
	assert.Equal(t, want, got)
	got.Title, got.UpdatedAt = "总经理", epoch().Add(3*time.Hour)
	require.NoError(t, f.Contacts.PutContact(ctx, got))
	again, err := f.Contacts.GetContact(ctx, m.ID(), "c2")
	require.NoError(t, err)
	assert.Equal(t, "总经理", again.Title)
	sameInstant(t, epoch(), again.CreatedAt, "a replace keeps the creation time")
	require.NoError(t, f.Contacts.DeleteContact(ctx, m.ID(), "c3"))
	list, err = f.Contacts.ListContacts(ctx, m.ID())
	require.NoError(t, err)
	assert.Len(t, list, 2)
}

func contactsOwnership(t *testing.T, f ContactFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "联系人甲", "a@example.com", "19141264")
	b := approved(t, f.Members, member.Enterprise, "联系人乙", "b@example.com", "19141265")
	require.NoError(t, f.Contacts.PutContact(ctx, testContact("a1", a.ID(), contact.First, epoch())))
	require.Error(t, f.Contacts.PutContact(ctx, testContact("a2", a.ID(), contact.First, epoch())),
		"a second first contact is refused")
	_, err := f.Contacts.GetContact(ctx, b.ID(), "a1")
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's contact: %v", err)
	assert.True(t, apperr.IsKind(f.Contacts.DeleteContact(ctx, b.ID(), "a1"), apperr.KindNotFound))
	list, err := f.Contacts.ListContacts(ctx, a.ID())
	require.NoError(t, err)
	assert.Len(t, list, 1, "nothing of the refused writes is stored")
	other, err := f.Contacts.ListContacts(ctx, b.ID())
	require.NoError(t, err)
	assert.Empty(t, other)
}

func contactsRollback(t *testing.T, f ContactFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "联系人丙", "r@example.com", "19141266")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.Contacts.PutContact(ctx, testContact("r1", m.ID(), contact.First, epoch())); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	list, err := f.Contacts.ListContacts(ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, list)
}
