package command_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/memstore"
	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
)

// repeatParser is a statement parser that reads the same lines from any file.
type repeatParser struct{ lines []payment.Line }

func (p repeatParser) Parse(context.Context, string, []byte) (string, []payment.Line, error) {
	return "csv", p.lines, nil
}

// Issue 9, finding 16: a line repeated in one file (the same bank reference)
// used to be summarized as "lines 2, new 0, duplicates 2" although the first
// was stored and matched. The summary says what was stored, and the repeat is
// reported as a duplicate of the first line, by row; across files as before.
func TestImportStatementReportsARepeatedLineOfTheFile(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC)
	store := memstore.New(apptest.NewClock(now))
	m, err := member.Register(member.Registration{Kind: member.Enterprise, Name: "甲质量科技有限公司",
		Email: "jia@example.com", PasswordHash: "h"}, now)
	require.NoError(t, err)
	require.NoError(t, membertest.Approve(m, "24000001", now))
	require.NoError(t, m.AssignPaymentRef(payment.ReferenceCode(m.ID(), 0), now))
	require.NoError(t, store.Members().Add(ctx, m))
	require.NotEmpty(t, m.PaymentRef())

	fee := payment.DefaultFees.For(m.Kind(), m.Level())
	day := time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)
	paid := payment.Line{Row: 2, Date: day, AmountFen: fee, PayerName: "甲公司", Remark: "会费 " + m.PaymentRef(),
		BankRef: "B0001"}
	again := paid
	again.Row = 3
	other := payment.Line{Row: 4, Date: day, AmountFen: 12000, PayerName: "不认识的公司", Remark: "货款", BankRef: "B0002"}
	h := command.NewImportStatementHandler(store.Statements(), store.Lookup(),
		repeatParser{[]payment.Line{paid, again, other}}, feesettings.NewSource(nil, payment.Fees{}, payment.Payee{}),
		apptest.ShippedPolicy(), apptest.NewClock(now), time.UTC, store.Transactor(),
		command.NewAuditor(store.AuditLog(), apptest.NewClock(now)))
	finance := access.Principal{Kind: access.PrincipalStaff, ID: "s-1", Role: access.RoleFinance}
	upload := func() command.ImportedStatement {
		t.Helper()
		res, err := h.Handle(ctx, command.ImportStatement{Principal: finance, FileName: "对账单.csv",
			Content: strings.NewReader("the parser above reads the lines")})
		require.NoError(t, err)
		return res
	}

	first := upload()
	assert.Equal(t, 3, first.Lines)
	assert.Equal(t, 2, first.New, "rows 2 and 4 were stored")
	assert.Equal(t, 1, first.Duplicates, "row 3 was not")
	assert.Equal(t, 1, first.Matched)
	assert.Equal(t, 1, first.Unmatched)
	assert.Equal(t, []payment.Repeat{{Row: 3, FirstRow: 2}}, first.Repeated)
	st, lines, err := store.Statements().Get(ctx, first.StatementID)
	require.NoError(t, err)
	assert.Equal(t, 3, st.Lines)
	assert.Equal(t, 2, st.NewLines)
	require.Len(t, lines, 2)
	assert.Equal(t, 2, lines[0].Row)
	assert.Equal(t, payment.LineMatched, lines[0].Status)
	assert.Equal(t, m.ID(), lines[0].Match.MemberID)
	assert.Equal(t, 4, lines[1].Row)

	// The same file again: every line is a duplicate of the first upload; row 3
	// still repeats row 2 of its file.
	second := upload()
	assert.Equal(t, command.ImportedStatement{StatementID: second.StatementID, Lines: 3, New: 0, Duplicates: 3,
		Repeated: []payment.Repeat{{Row: 3, FirstRow: 2}}}, second)
}
