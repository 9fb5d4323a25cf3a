package contract

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// contactNames lists contacts as "member:name:role", sorted.
func contactNames(cs []contact.Contact, names map[string]string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = names[c.MemberID] + ":" + c.Name + ":" + string(c.Role)
	}
	slices.Sort(out)
	return out
}

// importContacts: imported members' contacts are stored in bulk, replaced
// member by member (re-import, undo), and leave with a deleted member.
func importContacts(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	b := startBatch(t, f, "k")
	a := imported(t, member.Enterprise, "星河科技有限公司", "19000001", "a@example.com", "91110108MA01A2B3CF")
	c := imported(t, member.Enterprise, "银河科技有限公司", "19000002", "c@example.com", "")
	require.NoError(t, f.Imports.InsertMembers(ctx, b.ID, []*member.Member{a, c}))
	names := map[string]string{a.ID(): "a", c.ID(): "c"}
	mk := func(m *member.Member, n int, name string, role contact.Role) contact.Contact {
		return contact.Contact{ID: m.ID() + "-c" + strings.Repeat("x", n), MemberID: m.ID(), Role: role, Name: name,
			Mobile: "13800138000", CreatedAt: epoch(), UpdatedAt: epoch()}
	}
	require.NoError(t, f.Imports.ReplaceContacts(ctx, nil, []contact.Contact{mk(a, 1, "张三", contact.First),
		mk(a, 2, "李四", contact.Plain), mk(c, 1, "王五", contact.First)}))
	got, err := f.Imports.ContactsOf(ctx, []string{a.ID(), c.ID()})
	require.NoError(t, err)
	assert.Equal(t, []string{"a:张三:first", "a:李四:contact", "c:王五:first"}, contactNames(got, names))

	require.NoError(t, f.Imports.ReplaceContacts(ctx, []string{a.ID()}, []contact.Contact{mk(a, 3, "赵六", contact.First)}))
	got, err = f.Imports.ContactsOf(ctx, []string{a.ID(), c.ID()})
	require.NoError(t, err)
	assert.Equal(t, []string{"a:赵六:first", "c:王五:first"}, contactNames(got, names), "a's list replaced, c's kept")
	got, err = f.Imports.ContactsOf(ctx, []string{c.ID()})
	require.NoError(t, err)
	assert.Equal(t, []string{"c:王五:first"}, contactNames(got, names), "only the members asked for")

	_, err = f.Imports.DeleteCreated(ctx, b.ID)
	require.NoError(t, err)
	got, err = f.Imports.ContactsOf(ctx, []string{a.ID(), c.ID()})
	require.NoError(t, err)
	assert.Empty(t, got, "the contacts leave with an undone member")
}

// importStale: FailStale marks failed exactly the running batches without
// progress (or start) since before; progress is stored with SaveBatch.
func importStale(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	old := startBatch(t, f, "old") // started at epoch, no progress since
	moving := startBatch(t, f, "moving")
	moving.ProgressAt, moving.Done = epoch().Add(20*time.Minute), 500
	require.NoError(t, f.Imports.SaveBatch(ctx, moving))
	done := startBatch(t, f, "done")
	done.Status = ports.ImportDone
	require.NoError(t, f.Imports.SaveBatch(ctx, done))

	at := epoch().Add(30 * time.Minute)
	n, err := f.Imports.FailStale(ctx, epoch().Add(15*time.Minute), at, "导入中断")
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got, err := f.Imports.GetBatch(ctx, old.ID)
	require.NoError(t, err)
	assert.Equal(t, ports.ImportFailed, got.Status)
	assert.Equal(t, "导入中断", got.Error)
	sameInstant(t, at, got.FinishedAt, "finished")
	got, err = f.Imports.GetBatch(ctx, moving.ID)
	require.NoError(t, err)
	assert.Equal(t, ports.ImportRunning, got.Status, "progress since")
	sameInstant(t, moving.ProgressAt, got.ProgressAt, "progress")
	got, err = f.Imports.GetBatch(ctx, done.ID)
	require.NoError(t, err)
	assert.Equal(t, ports.ImportDone, got.Status)
	n, err = f.Imports.FailStale(ctx, epoch().Add(15*time.Minute), at, "导入中断")
	require.NoError(t, err)
	assert.Zero(t, n, "once")
}
