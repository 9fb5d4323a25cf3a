package command_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/legacyimport"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// The dry run finds every problem on its row and column, and writes nothing.
func TestPreviewImportFindsProblems(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	existing := e.entered("已有会员有限公司", "19009999")
	badUSCC := with(enterprise(2), map[legacyimport.Field]string{legacyimport.FieldRegNo: uscc(2)[:17] + "0"})
	f := csvFile(t, header(), row(enterprise(1)), row(badUSCC),
		row(with(enterprise(3), map[legacyimport.Field]string{legacyimport.FieldRegNo: uscc(1)})),
		row(with(enterprise(4), map[legacyimport.Field]string{legacyimport.FieldContactName: ""})),
		row(with(enterprise(5), map[legacyimport.Field]string{legacyimport.FieldNumber: existing.Number(),
			legacyimport.FieldKind: "个人会员", legacyimport.FieldName: "李四", legacyimport.FieldRegNo: idNumber(5)})),
		row(with(enterprise(6), map[legacyimport.Field]string{legacyimport.FieldName: "已有会员有限公司"})),
		row(with(enterprise(7), map[legacyimport.Field]string{legacyimport.FieldEmail: "m1@example.com"})))
	before := e.state(existing.ID())
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	t.Log(messages(rep))
	assert.Equal(t, 7, rep.Rows)
	assert.Equal(t, 1, rep.Creates)
	assert.Equal(t, 6, rep.Skipped)
	assert.True(t, hasMessage(rep, 3, "统一社会信用代码/身份证号", "校验"), "bad check character")
	assert.True(t, hasMessage(rep, 4, "统一社会信用代码/身份证号", "与第2行"), "the same USCC twice")
	assert.True(t, hasMessage(rep, 5, "第一联系人姓名", "初始密码"), "no contact: no initial password")
	assert.True(t, hasMessage(rep, 6, "会员编号", "会员类型不符"), "a number of another kind")
	assert.True(t, hasMessage(rep, 7, "会员名称", "已有其他会员使用该名称"), "a name taken")
	assert.True(t, hasMessage(rep, 8, "登录邮箱", "与第2行"), "an email twice")
	require.Len(t, rep.Shown, 1)
	assert.Equal(t, "zhangsan", rep.Shown[0].Password, "the derived password is shown for checking")
	assert.Equal(t, "张三", rep.Shown[0].Contact)
	assert.NotEmpty(t, rep.Key)
	e.unchanged(before, existing.ID())
}

// Wrong headers, and a file that is no spreadsheet: clear messages.
func TestPreviewImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	rep, err := e.preview(admin, csvFile(t, []string{"甲", "乙"}, []string{"1", "2"}))
	require.NoError(t, err)
	assert.True(t, rep.Fatal)
	assert.Contains(t, messages(rep)[0], "不是导入模板的表头")
	rep, err = e.preview(admin, csvFile(t, []string{"会员类型", "会员名称"}, []string{"单位会员", "某公司"}))
	require.NoError(t, err)
	assert.True(t, rep.Fatal)
	assert.Contains(t, messages(rep), "1/登录邮箱: 缺少必填列「登录邮箱」")
	// A staff mapping for headers that differ.
	h := header()
	h[1] = "单位全称"
	f := csvFile(t, h, row(enterprise(1)))
	f.Mapping = map[string]legacyimport.Field{"单位全称": legacyimport.FieldName}
	rep, err = e.preview(admin, f)
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Creates, "%v", messages(rep))

	png := command.ImportFile{Name: "a.xlsx", Open: csvFile(t, []string{"\x89PNG\r\n\x1a\n\x00\x00"}).Open}
	_, err = e.preview(admin, png)
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	_, err = e.preview(e.staff("sec", access.RoleSecretariat), f)
	wantErr(t, err, apperr.KindForbidden, "forbidden")
}

// Commit: a batch, members with their history's first event, the audit entry,
// numbers continuing after the highest imported one; the same preview twice
// is one batch; re-importing updates; undo removes exactly the batch's rows.
func TestCommitAndUndoImport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	other := e.member(member.Enterprise, "已有会员有限公司", member.StatusActive)
	noNumber := with(enterprise(3), map[legacyimport.Field]string{legacyimport.FieldNumber: ""})
	yy := fmt.Sprintf("%02d", e.clock.Now().Year()%100)
	f := csvFile(t, header(), row(enterprise(1)), row(noNumber), row(with(enterprise(2),
		map[legacyimport.Field]string{legacyimport.FieldNumber: yy + "000050"})))
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	commit := command.NewCommitImportHandler(e.importDeps())
	var started ports.ImportBatch
	b, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f, Key: rep.Key,
		Started: func(b ports.ImportBatch) { started = b }})
	require.NoError(t, err)
	assert.Equal(t, ports.ImportRunning, started.Status)
	assert.Equal(t, ports.ImportDone, b.Status)
	assert.Equal(t, 3, b.Created)
	assert.Equal(t, 3, b.Done)
	assert.Equal(t, 1, b.Seq)

	_, err = commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f, Key: rep.Key})
	wantErr(t, err, apperr.KindConflict, "import_committed")

	ms, _, err := e.store.LegacyImports().Members(e.ctx, b.ID, true, 0, 10)
	require.NoError(t, err)
	require.Len(t, ms, 3, "nobody logged in yet")
	assert.Equal(t, yy+"000051", ms[1].Number, "the drawn number continues after the highest imported")
	m := e.get(ms[0].MemberID)
	assert.True(t, m.HasInitialCredential())
	assert.True(t, m.MustChangePassword())
	assert.Equal(t, member.StatusActive, m.Status())
	h, err := e.store.History().History(e.ctx, m.ID(), 0)
	require.NoError(t, err)
	require.NotEmpty(t, h)
	imp, ok := h[0].Event.(member.Imported)
	require.True(t, ok, "%T", h[0].Event)
	assert.Equal(t, 1, imp.Batch)
	assert.Equal(t, "admin", imp.Staff)
	require.Len(t, e.audited(audit.ImportBatch), 1)

	// Re-import: the same file updates, it does not duplicate.
	rep2, err := e.preview(admin, f)
	require.NoError(t, err)
	assert.Equal(t, 3, rep2.Updates, "%v", messages(rep2))
	b2, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f, Key: rep2.Key})
	require.NoError(t, err)
	assert.Equal(t, 3, b2.Updated)

	undo := command.NewUndoImportHandler(e.importDeps())
	res, err := undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b.ID})
	wantErr(t, err, apperr.KindConflict, "import_undo_blocked")
	require.Len(t, res.Blockers, 3, "re-imported since: every member of the first batch blocks it")
	assert.Equal(t, ports.BlockerChanged, res.Blockers[0].Reason)
	res, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b2.ID})
	require.NoError(t, err)
	assert.Equal(t, 3, res.Restored)

	// A fresh batch: undo removes exactly its rows; twice is refused.
	f3 := csvFile(t, header(), row(enterprise(10)), row(enterprise(11)))
	rep3, err := e.preview(admin, f3)
	require.NoError(t, err)
	b3, err := commit.Handle(e.ctx, command.CommitImport{Principal: admin, File: f3, Key: rep3.Key})
	require.NoError(t, err)
	fresh, _, err := e.store.LegacyImports().Members(e.ctx, b3.ID, false, 0, 10)
	require.NoError(t, err)
	res, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b3.ID})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Removed)
	_, err = e.store.Members().Get(e.ctx, fresh[0].MemberID)
	wantErr(t, err, apperr.KindNotFound, "member_not_found")
	assert.Equal(t, m.ID(), e.get(m.ID()).ID(), "the other batches' members stay")
	assert.Equal(t, other.ID(), e.get(other.ID()).ID(), "other members stay")
	_, err = undo.Handle(e.ctx, command.UndoImport{Principal: admin, BatchID: b3.ID})
	wantErr(t, err, apperr.KindConflict, "import_undone")
	require.Len(t, e.audited(audit.ImportUndo), 2)
}

// Two admins confirm the same preview at once: one batch.
func TestCommitImportConcurrently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	f := csvFile(t, header(), row(enterprise(1)), row(enterprise(2)))
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	commit := command.NewCommitImportHandler(e.importDeps())
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = commit.Handle(context.Background(), command.CommitImport{Principal: admin, File: f, Key: rep.Key})
		}()
	}
	wg.Wait()
	okCount := 0
	for _, err := range errs {
		if err == nil {
			okCount++
		} else {
			wantErr(t, err, apperr.KindConflict, "import_committed")
		}
	}
	assert.Equal(t, 1, okCount)
	bs, n, err := e.store.LegacyImports().ListBatches(e.ctx, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, 2, bs[0].Created)
}

// An imported member logs in with its number and the pinyin of its first
// contact, is noted as logged in (blocking the undo), must confirm its email
// with the password change; past its time the initial password is refused
// with the hint to 忘记密码.
func TestInitialPasswordLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.staff("admin", access.RoleAdmin)
	f := csvFile(t, header(), row(enterprise(1)), row(enterprise(2)))
	rep, err := e.preview(admin, f)
	require.NoError(t, err)
	b, err := command.NewCommitImportHandler(e.importDeps()).Handle(e.ctx,
		command.CommitImport{Principal: admin, File: f, Key: rep.Key})
	require.NoError(t, err)
	login := e.login()
	login.WithInitialCredentials(command.InitialCredentials{Pinyin: e.importDeps().Pinyin}, e.store.LegacyImports())
	_, err = login.Handle(e.ctx, command.Login{Login: "19000002", Password: "lisi", CaptchaToken: e.pass("login")})
	wantErr(t, err, apperr.KindInvalid, "invalid_input")
	res, err := login.Handle(e.ctx, command.Login{Login: "19000002", Password: "zhangsan", CaptchaToken: e.pass("login")})
	require.NoError(t, err)
	blockers, err := e.store.LegacyImports().Blockers(e.ctx, b.ID, 10)
	require.NoError(t, err)
	require.Len(t, blockers, 1)
	assert.Equal(t, ports.BlockerLoggedIn, blockers[0].Reason)

	cp := e.changePassword()
	cp.WithInitialCredentials(command.InitialCredentials{Pinyin: e.importDeps().Pinyin})
	change := command.ChangePassword{Principal: res.Session.Principal, OldPassword: "zhangsan",
		NewPassword: "newpass123", NewConfirm: "newpass123"}
	err = cp.Handle(e.ctx, change)
	assert.Equal(t, "required", fieldCodes(err)["email"], "the email must be confirmed")
	change.ConfirmEmail = "new@example.com"
	require.NoError(t, cp.Handle(e.ctx, change))
	m := e.get(res.Session.Principal.ID)
	assert.False(t, m.MustChangePassword())
	assert.False(t, m.HasInitialCredential())
	assert.Equal(t, "new@example.com", m.Email())

	e.clock.Advance(command.DefaultInitialCredentialFor + time.Hour)
	_, err = login.Handle(e.ctx, command.Login{Login: "19000003", Password: "zhangsan", CaptchaToken: e.pass("login")})
	assert.Equal(t, "initial_password_expired", fieldCodes(err)["password"])
}

// entered stores an active enterprise member entered by hand with a number.
func (e *env) entered(name, number string) *member.Member {
	e.t.Helper()
	m := member.Enter(member.Entry{Registration: member.Registration{Kind: member.Enterprise, Name: name,
		Email: number + "@example.org", PasswordHash: "plain:x"}, Level: member.LevelOrdinary, Number: number,
		ValidFrom: e.clock.Now(), ValidUntil: e.clock.Now().AddDate(1, 0, 0)}, e.clock.Now())
	require.NoError(e.t, e.store.Members().Add(e.ctx, m))
	return m
}
