package usecases_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
)

func importStatement(env *membershiptest.Env, who access.Principal, name string, data []byte) (command.ImportedStatement, error) {
	return env.App.Commands.ImportStatement.Handle(ctx, command.ImportStatement{Principal: who, FileName: name,
		Content: bytes.NewReader(data)})
}

func lineOf(t *testing.T, v query.StatementView, row int) query.StatementLineItem {
	t.Helper()
	for _, l := range v.Lines {
		if l.Row == row {
			return l
		}
	}
	t.Fatalf("no line of row %d", row)
	return query.StatementLineItem{}
}

// TestStatementReconciliation: a bank statement matched by reference code and by
// payer name and amount; an ambiguous line blocks the one-step confirmation
// until finance decides it; the one-step confirmation leaves the line matched
// by name only for finance to confirm on its own; unmatched lines stay
// visible; a re-upload confirms nothing twice; a malformed file stores nothing.
func TestStatementReconciliation(t *testing.T) {
	t.Parallel()
	env, _ := newFeeEnv(t, time.Date(2019, 9, 25, 10, 0, 0, 0, cst))
	finance := env.Staff(t, access.RoleFinance)
	a := env.ApprovedMember(t, "enterprise", "甲质量科技有限公司", "jia@example.com")
	b := env.ApprovedMember(t, "enterprise", "乙精密仪器（北京）有限公司", "yi@example.com")
	c := env.ApprovedMember(t, "enterprise", "丙公司", "bing@example.com")
	d := env.ApprovedMember(t, "individual", "丁一", "ding@example.com")
	refA, refC, refD := feePage(t, env, a).PaymentRef, feePage(t, env, c).PaymentRef, feePage(t, env, d).PaymentRef
	// b claimed before paying: its claim is what the line confirms.
	claimB, err := env.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: b})
	require.NoError(t, err)

	csv := "中国工商银行 账户明细\n账号：0200002809014498969\n" +
		"交易日期,摘要,对方户名,贷方金额,借方金额,流水号\n" +
		fmt.Sprintf("2019-09-23,会费 %s,甲公司财务部,\"5,000.00\",,B0001\n", strings.ToLower(refA)) +
		"2019/09/23,会员费,乙精密仪器(北京)有限公司,5000,,B0002\n" +
		fmt.Sprintf("2019-09-24,会费%s %s,某代理公司,5000.00,,B0003\n", refC, refD) +
		"2019-09-24,货款,不认识的公司,12000.00,,B0004\n" +
		"2019-09-24,手续费,,,15.00,B0005\n" +
		"合计,,,27000.00,15.00,\n"
	data := []byte(csv)

	imp, err := importStatement(env, finance, "对账单.csv", data)
	require.NoError(t, err)
	assert.Equal(t, command.ImportedStatement{StatementID: imp.StatementID, Lines: 5, New: 5, Matched: 2, Unmatched: 2},
		imp)
	v, err := env.App.Queries.StatementDetail.Handle(ctx, query.StatementDetail{Principal: finance, StatementID: imp.StatementID})
	require.NoError(t, err)
	assert.Equal(t, payment.MatchReference, lineOf(t, v, 4).Match)
	assert.Equal(t, a.ID, lineOf(t, v, 4).Member.MemberID)
	assert.Equal(t, payment.MatchNameAmount, lineOf(t, v, 5).Match)
	assert.Equal(t, b.ID, lineOf(t, v, 5).Member.MemberID)
	amb := lineOf(t, v, 6)
	assert.Equal(t, payment.MatchAmbiguous, amb.Match)
	assert.Len(t, amb.Candidates, 2)
	assert.Contains(t, amb.Message, "丙公司")
	assert.Contains(t, amb.Message, "丁一")
	assert.Equal(t, payment.MatchNone, lineOf(t, v, 7).Match)
	assert.Equal(t, payment.MatchDebit, lineOf(t, v, 8).Match)
	assert.Equal(t, 1, v.Ambiguous)
	assert.False(t, v.CanConfirm)

	// The ambiguous line blocks the one-step confirmation: a clear message, nothing confirmed.
	_, err = env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID})
	requireKindCode(t, err, apperr.KindConflict, "statement_ambiguous")
	assert.Contains(t, apperr.As(err).Message, "第6行")
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, a.ID), "nothing confirmed")
	// Picking the ambiguous line explicitly is refused as well.
	_, err = env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID, LineIDs: []string{lineOf(t, v, 4).ID, amb.ID}})
	requireKindCode(t, err, apperr.KindConflict, "statement_line_unmatched")
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, a.ID), "nothing confirmed")
	// Assigning it to d is refused (d owes ¥480, the line is ¥5000); to c it is fine.
	err = env.App.Commands.AssignStatementLine.Handle(ctx, command.AssignStatementLine{Principal: finance,
		LineID: amb.ID, MemberID: d.ID})
	requireKindCode(t, err, apperr.KindInvalid, payment.ErrAmountMismatch)
	require.NoError(t, env.App.Commands.AssignStatementLine.Handle(ctx, command.AssignStatementLine{Principal: finance,
		LineID: amb.ID, MemberID: c.ID}))

	res, err := env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Confirmed, "a by its reference code, c as finance assigned it")
	assert.Equal(t, 1, res.Proposed, "b's line, matched by name, waits for finance")
	assert.Equal(t, member.StatusPaymentClaimed, memberStatus(t, env, b.ID))
	res, err = env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID, LineIDs: []string{lineOf(t, v, 5).ID}})
	require.NoError(t, err, "finance confirms the proposal explicitly")
	assert.Equal(t, 1, res.Confirmed)
	for _, m := range []access.Principal{a, b, c} {
		assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, m.ID))
	}
	assert.Equal(t, member.StatusApproved, memberStatus(t, env, d.ID))
	pb, err := env.Module.Ports().Payments.Get(ctx, claimB)
	require.NoError(t, err)
	assert.Equal(t, payment.StatusConfirmed, pb.Status(), "b's own claim was confirmed")
	assert.Equal(t, "B0002", pb.BankRef())
	assert.Equal(t, "2019-09-23", pb.PaidOn().Format(time.DateOnly))
	waitNotificationText(t, env, a, "系统管理员审批通过企业【甲质量科技有限公司】的缴费申请")

	// The unknown payer's line stays visible.
	un, err := env.App.Queries.UnmatchedLines.Handle(ctx, query.UnmatchedLines{Principal: finance})
	require.NoError(t, err)
	require.Len(t, un.Items, 1)
	assert.Equal(t, "不认识的公司", un.Items[0].PayerName)

	// Re-uploading (even with a line added) confirms nothing twice.
	again, err := importStatement(env, finance, "对账单.csv", data)
	require.NoError(t, err)
	assert.Equal(t, 5, again.Duplicates)
	assert.Equal(t, 0, again.New)
	_, err = env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: again.StatementID})
	requireKindCode(t, err, apperr.KindConflict, "nothing_to_confirm")
	_, err = env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID, LineIDs: []string{lineOf(t, v, 4).ID}})
	requireKindCode(t, err, apperr.KindConflict, "statement_line_confirmed")
	q, err := env.App.Queries.PaymentQueue.Handle(ctx, query.PaymentQueue{Principal: finance,
		Status: payment.StatusConfirmed})
	require.NoError(t, err)
	assert.Equal(t, 3, q.Total, "three confirmed payments, no more")

	// A malformed file: a clear message naming the row, nothing stored.
	before, err := env.App.Queries.Statements.Handle(ctx, query.Statements{Principal: finance})
	require.NoError(t, err)
	bad := "交易日期,摘要,对方户名,贷方金额\n2019-09-26,会费,戊公司,5000\n2019-13-45,会费,己公司,5000\n"
	_, err = importStatement(env, finance, "bad.csv", []byte(bad))
	requireInvalid(t, err, map[string]string{"statement": "statement_row_invalid"})
	assert.Contains(t, apperr.As(err).Fields[0].Message, "第3行")
	_, err = importStatement(env, finance, "x.csv", []byte("hello,world\n1,2\n"))
	requireInvalid(t, err, map[string]string{"statement": "statement_header"})
	_, err = importStatement(env, finance, "x.xlsx", []byte("PK\x03\x04 not really a zip"))
	requireInvalid(t, err, map[string]string{"statement": "statement_format"})
	after, err := env.App.Queries.Statements.Handle(ctx, query.Statements{Principal: finance})
	require.NoError(t, err)
	assert.Equal(t, before.Total, after.Total, "nothing stored from a malformed file")

	// Members cannot import statements.
	_, err = importStatement(env, a, "对账单.csv", data)
	requireKindCode(t, err, apperr.KindForbidden, "")
}

// TestStatementXLSX imports an XLSX statement with a signed amount column and a
// date cell; a renewal and an individual member are matched too.
func TestStatementXLSX(t *testing.T) {
	t.Parallel()
	env, _ := newFeeEnv(t, time.Date(2019, 9, 25, 10, 0, 0, 0, cst))
	finance := env.Staff(t, access.RoleFinance)
	d := env.ApprovedMember(t, "individual", "张三", "zhangsan@example.com")
	ref := feePage(t, env, d).PaymentRef

	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	require.NoError(t, f.SetSheetRow(sh, "A1", &[]any{"Date", "Amount", "Payer Name", "Remark", "Bank Reference"}))
	require.NoError(t, f.SetSheetRow(sh, "A2", &[]any{time.Date(2019, 9, 24, 0, 0, 0, 0, time.UTC), 480, "张 三",
		"membership " + ref, "X-1"}))
	require.NoError(t, f.SetSheetRow(sh, "A3", &[]any{"2019-09-24", -20.5, "", "fee", "X-2"}))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	imp, err := importStatement(env, finance, "statement.xlsx", buf.Bytes())
	require.NoError(t, err)
	assert.Equal(t, 2, imp.Lines)
	assert.Equal(t, 1, imp.Matched)
	res, err := env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{Principal: finance,
		StatementID: imp.StatementID})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Confirmed)
	assert.Equal(t, member.StatusAwaitingSecretariat, memberStatus(t, env, d.ID))
	p, err := env.Module.Ports().Payments.Get(ctx, res.PaymentIDs[0])
	require.NoError(t, err)
	assert.Equal(t, "2019-09-24", p.PaidOn().Format(time.DateOnly))
	assert.Equal(t, int64(48000), p.PaidFen())
}
