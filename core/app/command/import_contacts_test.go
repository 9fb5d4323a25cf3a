package command_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/legacyimport"
)

// contactsOf lists a member's contacts as "role name phone/mobile title".
func (e *env) contactsOf(memberID string) []string {
	e.t.Helper()
	cs, err := e.store.Contacts().ListContacts(e.ctx, memberID)
	require.NoError(e.t, err)
	var out []string
	for _, c := range cs {
		out = append(out, c.Role.Label()+" "+c.Name+" "+c.PhoneOf()+" "+c.Title)
	}
	return out
}

// An imported enterprise's first contact and 其他联系人 land in 联系人管理; a
// re-import replaces them, its undo puts them back, the first batch's undo
// removes them; a further contact without a phone refuses the row.
func TestImportWritesContacts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	others := legacyimport.FieldOtherContacts
	f := csvFile(t, header(), row(with(enterprise(1), map[legacyimport.Field]string{
		legacyimport.FieldContactTitle: "质量部经理",
		others:                         "李四 13900139000；王五 副总 010-68412345"})),
		row(with(enterprise(2), map[legacyimport.Field]string{others: "赵六 经理"})))
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	assert.True(t, hasMessage(rep, 3, "其他联系人", "其他联系人第1位（赵六）：电话和手机至少填写一项"), "%v", messages(rep))
	commit := command.NewCommitImportHandler(e.importDeps())
	b, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f, Key: rep.Key})
	require.NoError(t, err)
	require.Equal(t, 1, b.Created)
	ms, _, err := e.store.LegacyImports().Members(e.ctx, b.ID, false, 0, 10)
	require.NoError(t, err)
	id := ms[0].MemberID
	want := []string{"第一联系人 张三 13800138000 质量部经理", "联系人 李四 13900139000 ", "联系人 王五 010-68412345 副总"}
	assert.Equal(t, want, e.contactsOf(id))

	// Re-import with other contacts: the list is replaced; undo brings it back.
	f2 := csvFile(t, header(), row(with(enterprise(1), map[legacyimport.Field]string{
		legacyimport.FieldContactName: "李四", legacyimport.FieldContactMobile: "13900139000",
		others: "孙七 13700137000"})))
	rep2, err := e.preview(admin, f2)
	require.NoError(t, err)
	require.Equal(t, 1, rep2.Updates, "%v", messages(rep2))
	b2, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f2, Key: rep2.Key})
	require.NoError(t, err)
	assert.Equal(t, []string{"第一联系人 李四 13900139000 ", "联系人 孙七 13700137000 "}, e.contactsOf(id))
	undo := command.NewUndoImportHandler(e.importDeps())
	_, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b2.ID})
	require.NoError(t, err)
	assert.Equal(t, want, e.contactsOf(id), "undo restores the former contacts")

	// A fresh batch's undo takes its members' contacts with them.
	f3 := csvFile(t, header(), row(with(enterprise(3), map[legacyimport.Field]string{others: "李四 13900139000"})))
	rep3, err := e.preview(admin, f3)
	require.NoError(t, err)
	b3, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f3, Key: rep3.Key})
	require.NoError(t, err)
	ms, _, err = e.store.LegacyImports().Members(e.ctx, b3.ID, false, 0, 10)
	require.NoError(t, err)
	require.Len(t, e.contactsOf(ms[0].MemberID), 2)
	_, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b3.ID})
	require.NoError(t, err)
	cs, err := e.store.LegacyImports().ContactsOf(e.ctx, []string{ms[0].MemberID})
	require.NoError(t, err)
	assert.Empty(t, cs, "the undone member's contacts are gone")
}
