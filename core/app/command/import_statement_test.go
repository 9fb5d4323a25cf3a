package command_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) importStatement() *command.ImportStatementHandler {
	return command.NewImportStatementHandler(e.store.Statements(), e.store.Lookup(), apptest.Parser{}, e.settings(),
		e.policy, e.clock, cst(), e.store.Transactor(), e.auditor())
}

// bank is a bank statement's world: an enterprise and a person who owe their
// first fee, and an active member who owes nothing.
type bank struct {
	company, person, active *member.Member
}

func (e *env) bank() bank {
	return bank{
		company: e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved),
		person:  e.member(member.Individual, "张三", member.StatusApproved),
		active:  e.member(member.Enterprise, "老会员有限公司", member.StatusActive),
	}
}

// file is a statement with a line for each way of matching: the company's
// reference code in the remark, the person's name and fee, an unknown payer, a
// debit, and a member who owes nothing.
func (b bank) file() io.Reader {
	return apptest.StatementFile(
		"2024-03-01,500000,某某贸易公司,会费 "+b.company.PaymentRef()+",B001",
		"2024-03-01,48000,张三,会费,B002",
		"2024-03-02,500000,无名公司,会费,B003",
		"2024-03-02,-1500,银行,手续费,B004",
		"2024-03-02,500000,老会员有限公司,会费,B005")
}

// importFile imports the file as finance and returns what it reported.
func (e *env) importFile(r io.Reader) command.ImportedStatement {
	e.t.Helper()
	out, err := e.importStatement().Handle(e.ctx, command.ImportStatement{Principal: apptest.StaffOf(access.RoleFinance),
		FileName: "流水.csv", Content: r})
	require.NoError(e.t, err)
	return out
}

// An import stores every new line with its proposal and confirms nothing: the
// reference code and the name with the fee match, the rest waits for finance
// (a debit is set aside). The same file again brings only duplicates.
func TestImportStatement(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	var raw bytes.Buffer
	_, _ = io.Copy(&raw, b.file())
	before := e.state(b.company.ID(), b.person.ID(), b.active.ID())

	out, err := e.importStatement().Handle(e.ctx, command.ImportStatement{Principal: apptest.StaffOf(access.RoleFinance),
		FileName: `D:\银行\流水.csv`, Content: bytes.NewReader(raw.Bytes())})
	require.NoError(t, err)
	assert.Equal(t, command.ImportedStatement{StatementID: out.StatementID, Lines: 5, New: 5, Matched: 2, Unmatched: 2}, out)

	st, lines, err := e.store.Statements().Get(e.ctx, out.StatementID)
	require.NoError(t, err)
	assert.Equal(t, "流水.csv", st.FileName)
	assert.Equal(t, "csv", st.Format)
	assert.Equal(t, "staff-finance", st.StaffID)
	assert.Equal(t, 5, st.NewLines)
	want := []struct {
		status payment.LineStatus
		kind   payment.MatchKind
		member string
	}{
		{payment.LineMatched, payment.MatchReference, b.company.ID()},
		{payment.LineMatched, payment.MatchNameAmount, b.person.ID()},
		{payment.LineUnmatched, payment.MatchNone, ""},
		{payment.LineIgnored, payment.MatchDebit, ""},
		{payment.LineUnmatched, payment.MatchNothingDue, b.active.ID()},
	}
	require.Len(t, lines, len(want))
	for i, w := range want {
		assert.Equal(t, w.status, lines[i].Status, "row %d", lines[i].Row)
		assert.Equal(t, w.kind, lines[i].Match.Kind, "row %d", lines[i].Row)
		assert.Equal(t, w.member, lines[i].Match.MemberID, "row %d", lines[i].Row)
	}
	entry := e.auditedOnce(audit.StatementImport, apptest.StaffOf(access.RoleFinance), "")
	assert.Equal(t, "statement:"+out.StatementID, entry.Subject)
	assert.Equal(t, "导入银行流水《流水.csv》：共5行，新增5行（已匹配2行，待处理2行），重复0行", entry.Summary)
	before.audit++                                                    // the import's entry
	e.unchanged(before, b.company.ID(), b.person.ID(), b.active.ID()) // proposals only: no member changes

	again := e.importFile(bytes.NewReader(raw.Bytes()))
	assert.Equal(t, command.ImportedStatement{StatementID: again.StatementID, Lines: 5, Duplicates: 5}, again)
	assert.Contains(t, e.audited(audit.StatementImport)[0].Summary, "新增0行", "a re-upload is recorded too")
}

// Refusals: no file, an empty or too big one, one the parser cannot read, one
// without transactions, a role other than finance or the admin, a member,
// nobody. None stores a statement.
func TestImportStatementRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.bank()
	finance := apptest.StaffOf(access.RoleFinance)
	cases := []struct {
		content io.Reader
		code    string
	}{
		{nil, "file_required"},
		{bytes.NewReader(nil), "file_required"},
		{bytes.NewReader(make([]byte, command.MaxStatementBytes+1)), "file_too_large"},
		{apptest.StatementFile("2024-03-01,abc,张三,会费,B1"), "statement_invalid"},
		{apptest.StatementFile(), "statement_empty"},
	}
	for _, c := range cases {
		_, err := e.importStatement().Handle(e.ctx, command.ImportStatement{Principal: finance, FileName: "a.csv",
			Content: c.content})
		wantErr(t, err, apperr.KindInvalid, "invalid_input")
		assert.Equal(t, map[string]string{command.StatementField: c.code}, fieldCodes(err))
	}
	for _, c := range []struct {
		p    access.Principal
		kind apperr.Kind
		code string
	}{
		{apptest.StaffOf(access.RoleReviewer), apperr.KindForbidden, "forbidden"},
		{apptest.StaffOf(access.RoleSecretariat), apperr.KindForbidden, "forbidden"},
		{apptest.MemberOf(b.company), apperr.KindForbidden, "forbidden"},
		{access.Guest, apperr.KindUnauthorized, "login_required"},
	} {
		_, err := e.importStatement().Handle(e.ctx, command.ImportStatement{Principal: c.p, FileName: "a.csv",
			Content: b.file()})
		wantErr(t, err, c.kind, c.code)
	}
	_, n, err := e.store.Statements().List(e.ctx, 10, 0)
	require.NoError(t, err)
	assert.Zero(t, n, "no statement stored")
	assert.Zero(t, e.auditCount(), "no refusal is recorded")
}
