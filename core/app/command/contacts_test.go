package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) contactPorts() command.ContactPorts {
	return command.ContactPorts{Members: e.store.Members(), Contacts: e.store.Contacts(),
		Tx: e.store.Transactor(), Authz: e.policy, Clock: e.clock}
}

func (e *env) contactList(pr access.Principal, memberID string) query.ContactListView {
	e.t.Helper()
	v, err := query.NewContactListHandler(e.store.Members(), e.store.Contacts(), e.policy).Handle(e.ctx,
		query.ContactList{Principal: pr, MemberID: memberID})
	require.NoError(e.t, err)
	return v
}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var v *apperr.Error
	require.ErrorAs(t, err, &v)
	require.NotEmpty(t, v.Fields, "a field-level error: %v", err)
	return v.Fields[0].Field
}

// The application's first contact seeds the list; adding a 第一联系人 makes the
// former one a 联系人; staff read the same list.
func TestContactsSeedAndFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	v := e.contactList(pr, "")
	require.Len(t, v.Contacts, 1)
	first, ok := v.First()
	require.True(t, ok)
	assert.Equal(t, "李明", first.Name, "seeded from the application")
	save := command.NewSaveContactHandler(e.contactPorts())
	id, err := save.Handle(e.ctx, command.SaveContact{Principal: pr, Fields: contact.Fields{Role: contact.First,
		Dept: "总经办", Name: "王芳", Title: "主任", Mobile: "13900001111", Email: "WF@Example.com"}})
	require.NoError(t, err)
	v = e.contactList(apptest.StaffOf(access.RoleReviewer), m.ID())
	require.Len(t, v.Contacts, 2)
	assert.Equal(t, id, v.Contacts[0].ID)
	assert.Equal(t, "wf@example.com", v.Contacts[0].Email)
	assert.Equal(t, contact.Plain, v.Contacts[1].Role, "the former first contact is a 联系人 now")
}

// Bad input: invalid mobile and email, deleting the only first contact, no
// successor, another member's id, an individual — each refused, nothing stored.
func TestContactsBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusActive)
	other := e.member(member.Enterprise, "月亮科技有限公司", member.StatusActive)
	pr := apptest.MemberOf(m)
	p := e.contactPorts()
	save, del := command.NewSaveContactHandler(p), command.NewDeleteContactHandler(p)
	_, err := save.Handle(e.ctx, command.SaveContact{Principal: pr, Fields: contact.Fields{Role: contact.Plain,
		Name: "王芳", Mobile: "1390000111"}})
	assert.Equal(t, "mobile", fieldOf(t, err))
	_, err = save.Handle(e.ctx, command.SaveContact{Principal: pr, Fields: contact.Fields{Role: contact.Plain,
		Name: "王芳", Mobile: "13900001111", Email: "wf@"}})
	assert.Equal(t, "email", fieldOf(t, err))
	seed := contact.SeedID(m.ID())
	err = del.Handle(e.ctx, command.DeleteContact{Principal: pr, ContactID: seed})
	assert.Equal(t, "successor_id", fieldOf(t, err), "the only first contact")
	_, err = save.Handle(e.ctx, command.SaveContact{Principal: pr, ContactID: seed, Fields: contact.Fields{
		Role: contact.Plain, Name: "李明", Mobile: "13812345678"}})
	assert.Equal(t, "role", fieldOf(t, err), "the first contact keeps its role")
	err = del.Handle(e.ctx, command.DeleteContact{Principal: apptest.MemberOf(other), ContactID: seed})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's contact: %v", err)
	v := e.contactList(pr, "")
	require.Len(t, v.Contacts, 1)
	assert.Equal(t, "李明", v.Contacts[0].Name)

	id, err := save.Handle(e.ctx, command.SaveContact{Principal: pr, Fields: contact.Fields{Role: contact.DeptHead,
		Dept: "质量安全部", Name: "赵强", Phone: "010-68412346"}})
	require.NoError(t, err)
	err = del.Handle(e.ctx, command.DeleteContact{Principal: pr, ContactID: seed})
	assert.Equal(t, "successor_id", fieldOf(t, err), "no successor named")
	require.NoError(t, del.Handle(e.ctx, command.DeleteContact{Principal: pr, ContactID: seed, SuccessorID: id}))
	v = e.contactList(pr, "")
	require.Len(t, v.Contacts, 1)
	assert.Equal(t, contact.First, v.Contacts[0].Role, "the successor is the first contact")

	ind := e.member(member.Individual, "张三", member.StatusActive)
	_, err = save.Handle(e.ctx, command.SaveContact{Principal: apptest.MemberOf(ind), Fields: contact.Fields{
		Role: contact.Plain, Name: "王芳", Mobile: "13900001111"}})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "individuals have no contacts: %v", err)
}
