package bunstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/adapters/bunstore/bunstoretest"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// The back office's queue counts follow the queues' own rules, and a payment's
// sandbox mark is stored.
func TestWorkQueueCountsAndSandboxPayments(t *testing.T) {
	ctx := context.Background()
	db := bunstoretest.OpenSQLite(t)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	members := bunstore.NewMemberRepository(db, bunstore.NewTableOutbox(db))
	payments := bunstore.NewPaymentRepository(db)
	counter := bunstore.NewWorkQueueCounter(db)

	zero, err := counter.CountWorkQueues(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.WorkQueueCounts{}, zero, "an empty database has nothing waiting")

	add := func(name, email string, steps ...func(*member.Member) error) *member.Member {
		t.Helper()
		m, err := member.Register(member.Registration{Kind: member.Individual, Name: name, Email: email,
			PasswordHash: "h"}, now)
		require.NoError(t, err)
		for _, s := range steps {
			require.NoError(t, s(m))
		}
		require.NoError(t, members.Add(ctx, m))
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

	claim, err := payment.NewClaim(claimant.ID(), payment.PurposeJoin, payment.MethodTransfer, 48000,
		payment.Voucher{}, now)
	require.NoError(t, err)
	require.NoError(t, payments.Add(ctx, claim)) // 待确认
	order, err := payment.NewOrder(claimant.ID(), payment.PurposeJoin, 48000, now)
	require.NoError(t, err)
	require.NoError(t, payments.Add(ctx, order)) // waits for the gateway, not for finance
	settled, err := payment.NewOrder(paid.ID(), payment.PurposeJoin, 48000, now)
	require.NoError(t, err)
	require.NoError(t, settled.ReportSandbox(payment.Receipt{AmountFen: 48000, PaidOn: now, TradeNo: "T1",
		Source: payment.SourceGateway, Sandbox: true}, now))
	require.NoError(t, settled.Confirm(payment.Receipt{AmountFen: 48000, PaidOn: now, BankRef: "T1",
		Source: payment.SourceFinance, StaffID: "f"}, now)) // finance counted the sandbox payment
	require.NoError(t, payments.Add(ctx, settled))

	d := payment.Day(now)
	lines := []payment.Line{{Row: 2, Date: d, AmountFen: 500000, PayerName: "甲"},
		{Row: 3, Date: d, AmountFen: 100, PayerName: "乙"}}
	keys := payment.Keys(lines)
	stored := []payment.StoredLine{
		{ID: "l1", StatementID: "s1", Key: keys[0], Line: lines[0], Status: payment.LineUnmatched, UpdatedAt: now},
		{ID: "l2", StatementID: "s1", Key: keys[1], Line: lines[1], Status: payment.LineIgnored, UpdatedAt: now},
	}
	_, err = bunstore.NewStatementRepository(db).Add(ctx, payment.Statement{ID: "s1", FileName: "a.csv",
		Format: "csv", StaffID: "f", UploadedAt: now, Lines: 2}, stored)
	require.NoError(t, err)

	got, err := counter.CountWorkQueues(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.WorkQueueCounts{Review: 2, Payments: 1, StatementLines: 1, Secretariat: 1}, got)

	// The sandbox mark survives the round trip; other payments have none.
	back, err := payments.Get(ctx, settled.ID())
	require.NoError(t, err)
	assert.True(t, back.Sandbox())
	back, err = payments.Get(ctx, claim.ID())
	require.NoError(t, err)
	assert.False(t, back.Sandbox())
}
