package contract

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// WorkQueueFixture is one fresh, empty store seen through the ports whose rows
// the back office's work queues count.
type WorkQueueFixture struct {
	Members    ports.MemberRepository
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Counter    ports.WorkQueueCounter
}

// RunWorkQueues checks a ports.WorkQueueCounter: every queue counts by the
// rules of its own list. newFixture is called once per subtest.
func RunWorkQueues(t *testing.T, newFixture func(t *testing.T) WorkQueueFixture) {
	run(t, "queues count what waits for each duty", func(t *testing.T) { workQueues(t, newFixture(t)) })
}

func workQueues(t *testing.T, f WorkQueueFixture) {
	ctx := context.Background()
	zero, err := f.Counter.CountWorkQueues(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.WorkQueueCounts{}, zero, "an empty store has nothing waiting")
	order, settled := seedWorkQueues(t, f)

	got, err := f.Counter.CountWorkQueues(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.WorkQueueCounts{Review: 2, Payments: 2, StatementLines: 1, Secretariat: 1}, got)

	// The sandbox mark survives the round trip; other payments have none.
	back, err := f.Payments.Get(ctx, settled.ID())
	require.NoError(t, err)
	assert.True(t, back.Sandbox())
	back, err = f.Payments.Get(ctx, order.ID())
	require.NoError(t, err)
	assert.False(t, back.Sandbox())
}

// seedWorkQueues adds members, payments and statement lines, some in each
// queue and some in none; it returns an open online order and a confirmed
// sandbox one.
func seedWorkQueues(t *testing.T, f WorkQueueFixture) (order, settled *payment.Payment) {
	t.Helper()
	ctx, now := context.Background(), epoch()
	add := func(name, email string, steps ...func(*member.Member) error) *member.Member {
		t.Helper()
		m := register(t, member.Individual, name, email)
		for _, s := range steps {
			require.NoError(t, s(m))
		}
		require.NoError(t, f.Members.Add(ctx, m))
		return m
	}
	submit := func(m *member.Member) error { return membertest.Submit(m, now) }
	approve := func(number string) func(*member.Member) error {
		return func(m *member.Member) error { return membertest.Approve(m, number, now) }
	}
	forward := func(m *member.Member) error {
		if err := m.ConfirmFee(member.Fee{PaymentID: "p", AmountFen: 48000, Method: "alipay"}, now); err != nil {
			return err
		}
		return m.ForwardToSecretariat(now)
	}
	add("张一", "a@example.com")         // registered only: in no queue
	add("张二", "b@example.com", submit) // 待审核
	add("张三", "c@example.com", submit) // 待审核
	claimant := add("张四", "d@example.com", approve("GR240001"))
	paid := add("张五", "e@example.com", approve("GR240002"), forward) // 秘书处审批

	require.NoError(t, f.Payments.Add(ctx, claim(t, claimant.ID(), 48000))) // 待确认
	order, err := payment.NewOrder(claimant.ID(), payment.PurposeJoin, 48000, now)
	require.NoError(t, err)
	require.NoError(t, f.Payments.Add(ctx, order)) // waits for the gateway, not for finance
	settled, err = payment.NewOrder(paid.ID(), payment.PurposeJoin, 48000, now)
	require.NoError(t, err)
	require.NoError(t, settled.ReportSandbox(payment.Receipt{AmountFen: 48000, PaidOn: now, TradeNo: "T1",
		Source: payment.SourceGateway, Sandbox: true}, now))
	require.NoError(t, settled.Confirm(payment.Receipt{AmountFen: 48000, PaidOn: now, BankRef: "T1",
		Source: payment.SourceFinance, StaffID: "f"}, now)) // finance counted it
	require.NoError(t, f.Payments.Add(ctx, settled))
	reported := add("张六", "f@example.com", approve("GR240003"))
	sandbox, err := payment.NewOrder(reported.ID(), payment.PurposeJoin, 48000, now)
	require.NoError(t, err)
	require.NoError(t, sandbox.ReportSandbox(payment.Receipt{AmountFen: 48000, PaidOn: now, TradeNo: "T2",
		Source: payment.SourceGateway, Sandbox: true}, now))
	require.NoError(t, f.Payments.Add(ctx, sandbox)) // 待确认: a sandbox payment waits for finance

	d := payment.Day(now)
	lines := []payment.Line{{Row: 2, Date: d, AmountFen: 500000, PayerName: "甲"},
		{Row: 3, Date: d, AmountFen: 100, PayerName: "乙"}}
	keys := payment.Keys(lines)
	_, err = f.Statements.Add(ctx, payment.Statement{ID: "s1", FileName: "a.csv", Format: "csv", StaffID: "f",
		UploadedAt: now, Lines: 2}, []payment.StoredLine{
		{ID: "l1", StatementID: "s1", Key: keys[0], Line: lines[0], Status: payment.LineUnmatched, UpdatedAt: now},
		{ID: "l2", StatementID: "s1", Key: keys[1], Line: lines[1], Status: payment.LineIgnored, UpdatedAt: now},
	})
	require.NoError(t, err)
	return order, settled
}
