package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// LegacyImportFixture is the store of import batches with the members,
// history, counters and transactor of its store.
type LegacyImportFixture struct {
	Imports   ports.LegacyImports
	Members   ports.MemberRepository
	History   ports.MemberHistory
	Sequences ports.Sequences
	Tx        ports.Transactor
}

// RunLegacyImports runs the contract of 导入老会员's store: batches (numbering,
// one per preview, progress), members inserted in bulk with their history and
// initial credential, matching by number, email, name and USCC/ID number,
// logins and changes as undo blockers, undo, counters raised, rollback, the
// imported members' contacts replaced in bulk, interrupted batches failed.
func RunLegacyImports(t *testing.T, newFixture func(t *testing.T) LegacyImportFixture) {
	run(t, "batches", func(t *testing.T) { importBatches(t, newFixture(t)) })
	run(t, "members, matches and blockers", func(t *testing.T) { importMembers(t, newFixture(t)) })
	run(t, "undo and counters", func(t *testing.T) { importUndo(t, newFixture(t)) })
	run(t, "rollback", func(t *testing.T) { importRollback(t, newFixture(t)) })
	run(t, "contacts", func(t *testing.T) { importContacts(t, newFixture(t)) })
	run(t, "interrupted batches", func(t *testing.T) { importStale(t, newFixture(t)) })
}

func importBatches(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	a := ports.ImportBatch{PreviewKey: "k1", FileName: "a.xlsx", StaffID: "s1", StaffName: "管理员",
		Status: ports.ImportRunning, Total: 10, StartedAt: epoch()}
	require.NoError(t, f.Imports.StartBatch(ctx, &a))
	assert.Equal(t, 1, a.Seq)
	assert.NotEmpty(t, a.ID)
	dup := ports.ImportBatch{PreviewKey: "k1", StaffID: "s1", Status: ports.ImportRunning, StartedAt: epoch()}
	err := f.Imports.StartBatch(ctx, &dup)
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, "import_committed", apperr.As(err).Code)
	b := ports.ImportBatch{PreviewKey: "k2", StaffID: "s1", Status: ports.ImportRunning, StartedAt: epoch()}
	require.NoError(t, f.Imports.StartBatch(ctx, &b))
	assert.Equal(t, 2, b.Seq)

	a.Done, a.Created, a.Updated, a.Status, a.FinishedAt = 10, 7, 3, ports.ImportDone, epoch().Add(time.Minute)
	require.NoError(t, f.Imports.SaveBatch(ctx, a))
	got, err := f.Imports.GetBatch(ctx, a.ID)
	require.NoError(t, err)
	sameInstant(t, a.FinishedAt, got.FinishedAt, "finished")
	sameInstant(t, a.StartedAt, got.StartedAt, "started")
	got.StartedAt, got.FinishedAt = a.StartedAt, a.FinishedAt
	assert.Equal(t, a, got)
	list, n, err := f.Imports.ListBatches(ctx, 0, 1)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	require.Len(t, list, 1)
	assert.Equal(t, b.ID, list[0].ID, "newest first")
	_, err = f.Imports.GetBatch(ctx, "missing")
	requireKind(t, err, apperr.KindNotFound)
}

// imported returns an imported enterprise member (USCC ok) or individual.
func imported(t *testing.T, kind member.Kind, name, number, email, regNo string) *member.Member {
	t.Helper()
	e := member.Entry{Registration: member.Registration{Kind: kind, Name: name, Email: email},
		Level: member.LevelOrdinary, Number: number, ValidFrom: epoch(), ValidUntil: epoch().AddDate(1, 0, 0)}
	if kind == member.Enterprise {
		e.Enterprise = &application.EnterpriseForm{Name: name, USCC: regNo, ContactName: "张三"}
	} else {
		e.Level = member.LevelIndividual
		e.Individual = &application.IndividualForm{Name: name, IDNumber: regNo}
	}
	return member.Import(e, member.StatusActive, epoch().AddDate(-3, 0, 0),
		member.ImportedBy{Batch: 1, Staff: "管理员", InitialUntil: epoch().AddDate(0, 3, 0)}, epoch())
}

func startBatch(t *testing.T, f LegacyImportFixture, key string) ports.ImportBatch {
	t.Helper()
	b := ports.ImportBatch{PreviewKey: key, StaffID: "s1", Status: ports.ImportRunning, StartedAt: epoch()}
	require.NoError(t, f.Imports.StartBatch(context.Background(), &b))
	return b
}

func importMembers(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	b := startBatch(t, f, "k")
	ent := imported(t, member.Enterprise, "星河科技有限公司", "19000001", "a@example.com", "91110108MA01A2B3CF")
	ind := imported(t, member.Individual, "李四", "GR190001", "b@example.com", "110105199003070017")
	require.NoError(t, f.Imports.InsertMembers(ctx, b.ID, []*member.Member{ent, ind}))

	got, err := f.Members.Get(ctx, ent.ID())
	require.NoError(t, err)
	assert.True(t, got.HasInitialCredential())
	assert.True(t, got.MustChangePassword())
	sameInstant(t, epoch().AddDate(0, 3, 0), got.InitialCredentialUntil(), "initial credential")
	assert.Equal(t, "张三", got.InitialPasswordName())
	h, err := f.History.History(ctx, ent.ID(), 0)
	require.NoError(t, err)
	require.Len(t, h, 1)
	assert.Equal(t, "member.imported", h[0].Name)

	keys := []legacyimport.Keys{{Number: "19000001"}, {Email: "b@example.com"},
		{Kind: member.Enterprise, Name: "星河科技有限公司"}, {RegNo: "91110108MA01A2B3CF"}, {RegNo: "110105199003070017"},
		{Number: "19999999", Email: "none@example.com", RegNo: "X"}}
	matches, err := f.Imports.Match(ctx, keys)
	require.NoError(t, err)
	found := map[string]string{}
	for _, m := range matches {
		found[m.Key+":"+m.Value] = m.MemberID
	}
	assert.Equal(t, map[string]string{"number:19000001": ent.ID(), "email:b@example.com": ind.ID(),
		"name:星河科技有限公司": ent.ID(), "reg_no:91110108MA01A2B3CF": ent.ID(), "reg_no:110105199003070017": ind.ID()},
		found)

	ms, n, err := f.Imports.Members(ctx, b.ID, false, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"19000001", "GR190001"}, []string{ms[0].Number, ms[1].Number}, "import order")
	assert.True(t, ms[0].Created)
	require.NoError(t, f.Imports.NoteLogin(ctx, ind.ID(), epoch()))
	require.NoError(t, f.Imports.NoteLogin(ctx, "not-imported", epoch()))
	ms, n, err = f.Imports.Members(ctx, b.ID, true, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, ent.ID(), ms[0].MemberID, "only those not logged in yet")

	require.NoError(t, f.Members.Update(ctx, ent.ID(), func(_ context.Context, m *member.Member) error {
		m.ChangePassword("hash", epoch())
		return nil
	}))
	blockers, err := f.Imports.Blockers(ctx, b.ID, 10)
	require.NoError(t, err)
	require.Len(t, blockers, 2)
	assert.Equal(t, ports.BlockerChanged, blockers[0].Reason)
	assert.Equal(t, ports.BlockerLoggedIn, blockers[1].Reason)
	assert.Equal(t, "李四", blockers[1].Name)
}

func importUndo(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	b := startBatch(t, f, "k")
	ent := imported(t, member.Enterprise, "星河科技有限公司", "19000001", "a@example.com", "91110108MA01A2B3CF")
	require.NoError(t, f.Imports.InsertMembers(ctx, b.ID, []*member.Member{ent}))
	b2 := startBatch(t, f, "k2")
	keep := imported(t, member.Individual, "李四", "GR190001", "b@example.com", "110105199003070017")
	require.NoError(t, f.Imports.InsertMembers(ctx, b2.ID, []*member.Member{keep}))
	require.NoError(t, f.Imports.RecordUpdated(ctx, []ports.ImportedMember{{BatchID: b.ID, MemberID: keep.ID(),
		Version: 1, Prior: `{"Name":"李四"}`}}))
	up, err := f.Imports.Updated(ctx, b.ID)
	require.NoError(t, err)
	require.Len(t, up, 1)
	assert.Equal(t, `{"Name":"李四"}`, up[0].Prior)
	blockers, err := f.Imports.Blockers(ctx, b.ID, 10)
	require.NoError(t, err)
	assert.Empty(t, blockers)

	n, err := f.Imports.DeleteCreated(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = f.Members.Get(ctx, ent.ID())
	requireKind(t, err, apperr.KindNotFound)
	_, err = f.Members.Get(ctx, keep.ID())
	require.NoError(t, err, "a member the batch updated stays")
	matches, err := f.Imports.Match(ctx, []legacyimport.Keys{{Number: "19000001", Email: "a@example.com"}})
	require.NoError(t, err)
	assert.Empty(t, matches, "the number and email are free again")

	require.NoError(t, f.Imports.RaiseSequence(ctx, "member_number:enterprise:2019", 50))
	require.NoError(t, f.Imports.RaiseSequence(ctx, "member_number:enterprise:2019", 7))
	v, err := f.Sequences.Next(ctx, "member_number:enterprise:2019")
	require.NoError(t, err)
	assert.Equal(t, int64(51), v, "numbers continue after the highest imported; a lower one lowers nothing")
}

func importRollback(t *testing.T, f LegacyImportFixture) {
	ctx := context.Background()
	b := startBatch(t, f, "k")
	ent := imported(t, member.Enterprise, "星河科技有限公司", "19000001", "a@example.com", "91110108MA01A2B3CF")
	boom := errors.New("boom")
	err := f.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := f.Imports.InsertMembers(ctx, b.ID, []*member.Member{ent}); err != nil {
			return err
		}
		b.Done = 1
		if err := f.Imports.SaveBatch(ctx, b); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, err = f.Members.Get(ctx, ent.ID())
	requireKind(t, err, apperr.KindNotFound)
	got, err := f.Imports.GetBatch(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, got.Done)
}
