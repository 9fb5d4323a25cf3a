package contract

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// PaymentFixture is one fresh, empty store for the fee and payment ports.
// Payments belong to members, which are added through Members.
type PaymentFixture struct {
	Members    ports.MemberRepository
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Lookup     ports.MemberLookup
	Renewals   ports.RenewalIndex
	Leases     ports.Leases
	Settings   ports.Settings
	Tx         ports.Transactor
	// Invoices, when set, lets the ledger's suite check invoice numbers.
	Invoices ports.InvoiceRepository
}

// RunPayments checks the payment, statement, lookup, renewal-index, lease,
// settings and transactor ports.
func RunPayments(t *testing.T, newFixture func(t *testing.T) PaymentFixture) {
	run(t, "payments round trip and unique references", func(t *testing.T) { paymentsRoundTrip(t, newFixture(t)) })
	run(t, "payments join the member's transaction", func(t *testing.T) { paymentsInMemberTx(t, newFixture(t)) })
	run(t, "payment list and counts", func(t *testing.T) { paymentsList(t, newFixture(t)) })
	run(t, "statement lines are stored once per key", func(t *testing.T) { statementsOnce(t, newFixture(t)) })
	run(t, "a key repeated within one statement is stored once", func(t *testing.T) {
		statementRepeatedKey(t, newFixture(t))
	})
	run(t, "member lookup by code, name and status", func(t *testing.T) { memberLookup(t, newFixture(t)) })
	run(t, "renewal candidates", func(t *testing.T) { renewalCandidates(t, newFixture(t)) })
	run(t, "leases are taken by one holder at a time", func(t *testing.T) { leases(t, newFixture(t)) })
	run(t, "settings", func(t *testing.T) { settings(t, newFixture(t)) })
	run(t, "transactor commits or rolls back several members", func(t *testing.T) { transactor(t, newFixture(t)) })
	run(t, "partial payments and refunds round trip, list and count", func(t *testing.T) {
		paymentsMoneyCases(t, newFixture(t))
	})
	run(t, "the ledger streams payments with members and invoices", func(t *testing.T) {
		paymentsLedger(t, newFixture(t))
	})
}

// approved adds a member whose application was approved.
func approved(t *testing.T, repo ports.MemberRepository, kind member.Kind, name, email, number string) *member.Member {
	t.Helper()
	m := register(t, kind, name, email)
	require.NoError(t, membertest.Approve(m, number, epoch()))
	require.NoError(t, repo.Add(context.Background(), m))
	return m
}

func claim(t *testing.T, memberID string, amount int64) *payment.Payment {
	t.Helper()
	p, err := payment.NewClaim(memberID, payment.PurposeJoin, payment.MethodTransfer, amount, payment.Voucher{}, epoch())
	require.NoError(t, err)
	return p
}

func paymentsRoundTrip(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Individual, "张三", "z@example.com", "GR190001")
	p, err := payment.NewClaim(m.ID(), payment.PurposeJoin, payment.MethodVoucher, 48000,
		payment.Voucher{Key: "vouchers/x.pdf", ContentType: payment.ContentTypePDF, Size: 10, FileName: "凭证.pdf"}, epoch())
	require.NoError(t, err)
	require.NoError(t, f.Payments.Add(ctx, p))
	got, err := f.Payments.Get(ctx, p.ID())
	require.NoError(t, err)
	assert.Equal(t, p.Voucher(), got.Voucher())
	sameInstant(t, p.Created(), got.Created(), "created")
	assert.Equal(t, payment.StatusOpen, got.Status())

	// One open claim per member.
	requireKind(t, f.Payments.Add(ctx, claim(t, m.ID(), 48000)), apperr.KindConflict)

	require.NoError(t, got.Confirm(payment.Receipt{AmountFen: 48000, PaidOn: epoch(), BankRef: "B1", Source: "finance",
		StaffID: "s1"}, epoch()))
	require.NoError(t, f.Payments.Save(ctx, got))
	again, err := f.Payments.Get(ctx, p.ID())
	require.NoError(t, err)
	assert.Equal(t, payment.StatusConfirmed, again.Status())
	assert.Equal(t, "B1", again.BankRef())
	assert.Equal(t, "2024-03-01", again.PaidOn().Format(time.DateOnly), "the day of PaidOn in its own zone")
	sameInstant(t, epoch(), again.Handled(), "handled")

	// A confirmed bank reference counts once.
	q := claim(t, m.ID(), 48000)
	require.NoError(t, f.Payments.Add(ctx, q))
	require.NoError(t, q.Confirm(payment.Receipt{AmountFen: 48000, PaidOn: epoch(), BankRef: "B1"}, epoch()))
	err = f.Payments.Save(ctx, q)
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, "bank_ref_taken", apperr.As(err).Code)

	// Orders: unique out_trade_no, found by it.
	o, err := payment.NewOrder(m.ID(), payment.PurposeJoin, 48000, epoch())
	require.NoError(t, err)
	require.NoError(t, f.Payments.Add(ctx, o))
	byNo, err := f.Payments.GetByOutTradeNo(ctx, o.OutTradeNo())
	require.NoError(t, err)
	assert.Equal(t, o.ID(), byNo.ID())
	dup := o.Snapshot()
	dup.ID = "other-id"
	requireKind(t, f.Payments.Add(ctx, payment.Restore(dup)), apperr.KindConflict)
	_, err = f.Payments.GetByOutTradeNo(ctx, "nope")
	requireKind(t, err, apperr.KindNotFound)
	_, err = f.Payments.Get(ctx, "nope")
	requireKind(t, err, apperr.KindNotFound)
	list, err := f.Payments.ListForMember(ctx, m.ID(), 10)
	require.NoError(t, err)
	assert.Len(t, list, 3)
}

func paymentsInMemberTx(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Enterprise, "测试号", "t@example.com", "19000001")
	p := claim(t, m.ID(), 500000)
	boom := errors.New("boom")
	err := f.Members.Update(ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		require.NoError(t, f.Payments.Add(ctx, p))
		require.NoError(t, m.ClaimPayment(epoch()))
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, err = f.Payments.Get(ctx, p.ID())
	requireKind(t, err, apperr.KindNotFound) // rolled back with the member
	require.NoError(t, f.Members.Update(ctx, m.ID(), func(ctx context.Context, m *member.Member) error {
		if err := f.Payments.Add(ctx, p); err != nil {
			return err
		}
		return m.ClaimPayment(epoch())
	}))
	_, err = f.Payments.Get(ctx, p.ID())
	require.NoError(t, err)
}

func paymentsList(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "甲公司", "a@example.com", "19000001")
	b := approved(t, f.Members, member.Enterprise, "乙公司", "b@example.com", "19000002")
	pa, pb := claim(t, a.ID(), 500000), claim(t, b.ID(), 500000)
	require.NoError(t, f.Payments.Add(ctx, pa))
	require.NoError(t, f.Payments.Add(ctx, pb))
	o, _ := payment.NewOrder(a.ID(), payment.PurposeJoin, 500000, epoch())
	require.NoError(t, f.Payments.Add(ctx, o))
	require.NoError(t, pb.Reject("x", "s", epoch()))
	require.NoError(t, f.Payments.Save(ctx, pb))

	c, err := f.Payments.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.PaymentCounts{Open: 1, Rejected: 1}, c, "open online orders are not finance's")
	rows, total, err := f.Payments.List(ctx, ports.PaymentFilter{Statuses: []payment.Status{payment.StatusOpen},
		Methods: []payment.Method{payment.MethodTransfer, payment.MethodVoucher}, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	assert.Equal(t, pa.ID(), rows[0].Payment.ID())
	assert.Equal(t, "甲公司", rows[0].Member.Name())
	_, total, err = f.Payments.List(ctx, ports.PaymentFilter{MemberID: a.ID(), Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	paymentsCreatedWindow(t, f, o)
	paymentsAwaitingFinance(t, f, pa)
}

// paymentsCreatedWindow: the open online orders made in [from, before) —
// what the lost-notification job asks the gateway about.
func paymentsCreatedWindow(t *testing.T, f PaymentFixture, order *payment.Payment) {
	ctx := context.Background()
	later, _ := payment.NewOrder(order.MemberID(), payment.PurposeJoin, 500000, epoch().Add(2*time.Hour))
	require.NoError(t, f.Payments.Add(ctx, later))
	online := ports.PaymentFilter{Statuses: []payment.Status{payment.StatusOpen},
		Methods: []payment.Method{payment.MethodAlipay}, Limit: 10}
	for _, c := range []struct {
		from, before time.Time
		want         []string
	}{
		{time.Time{}, time.Time{}, []string{order.ID(), later.ID()}},
		{epoch(), epoch().Add(time.Hour), []string{order.ID()}},
		{epoch().Add(time.Second), time.Time{}, []string{later.ID()}},
		{time.Time{}, epoch(), nil},
	} {
		w := online
		w.CreatedFrom, w.CreatedBefore = c.from, c.before
		rows, total, err := f.Payments.List(ctx, w)
		require.NoError(t, err)
		var got []string
		for _, r := range rows {
			got = append(got, r.Payment.ID())
		}
		assert.Equal(t, c.want, got, "made in [%v, %v)", c.from, c.before)
		assert.Equal(t, len(c.want), total)
	}
}

// paymentsAwaitingFinance: an online order a sandbox reported paid waits for
// finance like a claim (counted open, listed by AwaitingFinance, oldest
// first); an order nobody reported waits for the gateway.
func paymentsAwaitingFinance(t *testing.T, f PaymentFixture, claim *payment.Payment) {
	ctx := context.Background()
	m := approved(t, f.Members, member.Individual, "沙箱", "s@example.com", "GR190001")
	o, err := payment.NewOrder(m.ID(), payment.PurposeJoin, 48000, epoch().Add(time.Minute))
	require.NoError(t, err)
	require.NoError(t, o.ReportSandbox(payment.Receipt{AmountFen: 48000, PaidOn: epoch(), TradeNo: "SANDBOX1",
		Source: payment.SourceGateway, Sandbox: true}, epoch()))
	require.NoError(t, f.Payments.Add(ctx, o))
	c, err := f.Payments.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, ports.PaymentCounts{Open: 2, Rejected: 1}, c)
	rows, total, err := f.Payments.List(ctx, ports.PaymentFilter{Statuses: []payment.Status{payment.StatusOpen},
		AwaitingFinance: true, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 2, total, "the claim and the sandbox payment, not the unreported order")
	assert.Equal(t, claim.ID(), rows[0].Payment.ID())
	assert.Equal(t, o.ID(), rows[1].Payment.ID())
	back, err := f.Payments.Get(ctx, o.ID())
	require.NoError(t, err)
	assert.True(t, back.SandboxReported(), "the report survives the round trip")
	paymentsKeyset(t, f)
}

// paymentsKeyset walks the list a payment at a time with After (the export's
// walk), in both orders: the pages put together are the list in one page.
func paymentsKeyset(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	for _, q := range []ports.PaymentFilter{{}, {Statuses: []payment.Status{payment.StatusOpen}}} {
		whole, _, err := f.Payments.List(ctx, q)
		require.NoError(t, err)
		require.Greater(t, len(whole), 1)
		var want, walked []string
		for _, r := range whole {
			want = append(want, r.Payment.ID())
		}
		for q.Limit = 1; len(walked) <= len(want); {
			page, _, err := f.Payments.List(ctx, q)
			require.NoError(t, err)
			if len(page) == 0 {
				break
			}
			walked = append(walked, page[0].Payment.ID())
			q.After = page[0].Payment.ID()
		}
		assert.Equal(t, want, walked, "keyset pages of %v", q.Statuses)
	}
}

func statementsOnce(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	d := payment.Day(epoch()) // lines carry days
	lines := []payment.Line{{Row: 2, Date: d, AmountFen: 500000, PayerName: "甲", Remark: "会费", BankRef: "R1"},
		{Row: 3, Date: d, AmountFen: 100, PayerName: "乙"}}
	keys := payment.Keys(lines)
	stored := func(sid string) []payment.StoredLine {
		out := make([]payment.StoredLine, len(lines))
		for i, l := range lines {
			out[i] = payment.StoredLine{ID: sid + fmt.Sprint(i), StatementID: sid, Key: keys[i], Line: l,
				Status: payment.LineUnmatched, Match: payment.Proposal{Kind: payment.MatchAmbiguous,
					Candidates: []string{"x", "y"}, Message: "m"}, UpdatedAt: epoch()}
		}
		return out
	}
	existing, err := f.Statements.Add(ctx, payment.Statement{ID: "s1", FileName: "a.csv", Format: "csv", StaffID: "f",
		UploadedAt: epoch(), Lines: 2}, stored("s1"))
	require.NoError(t, err)
	assert.Empty(t, existing)
	existing, err = f.Statements.Add(ctx, payment.Statement{ID: "s2", FileName: "a.csv", Format: "csv", StaffID: "f",
		UploadedAt: epoch().Add(time.Minute), Lines: 2}, stored("s2"))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"s20", "s21"}, existing, "a re-upload stores no line twice: the IDs skipped")

	st, ls, err := f.Statements.Get(ctx, "s1")
	require.NoError(t, err)
	assert.Equal(t, 2, st.NewLines)
	require.Len(t, ls, 2)
	assert.Equal(t, lines[0], ls[0].Line)
	assert.Equal(t, []string{"x", "y"}, ls[0].Match.Candidates)
	st2, ls2, err := f.Statements.Get(ctx, "s2")
	require.NoError(t, err)
	assert.Equal(t, 0, st2.NewLines)
	assert.Empty(t, ls2)
	list, total, err := f.Statements.List(ctx, 10, 0)
	require.NoError(t, err)
	assert.Equal(t, 2, total)
	assert.Equal(t, "s2", list[0].ID, "newest first")

	// SaveLine is conditional on the status it read.
	l := ls[0]
	l.Status, l.Match.Kind = payment.LineIgnored, payment.MatchNone
	require.NoError(t, f.Statements.SaveLine(ctx, l, payment.LineUnmatched))
	requireKind(t, f.Statements.SaveLine(ctx, l, payment.LineUnmatched), apperr.KindConflict)
	un, n, err := f.Statements.Lines(ctx, payment.LineUnmatched, 10, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, ls[1].ID, un[0].ID)
	byKey, err := f.Statements.LinesByKey(ctx, keys)
	require.NoError(t, err)
	assert.Len(t, byKey, 2)
	_, err = f.Statements.GetLine(ctx, "nope")
	requireKind(t, err, apperr.KindNotFound)
}

func memberLookup(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "甲（北京）公司", "a@example.com", "19000001")
	b := approved(t, f.Members, member.Individual, "张 三", "b@example.com", "GR190001")
	require.NoError(t, f.Members.Update(ctx, a.ID(), func(_ context.Context, m *member.Member) error {
		return m.AssignPaymentRef("HF3467AB", epoch())
	}))
	// A code another member holds is a Conflict with the code payment_ref_taken.
	err := f.Members.Update(ctx, b.ID(), func(_ context.Context, m *member.Member) error {
		return m.AssignPaymentRef("HF3467AB", epoch())
	})
	requireKind(t, err, apperr.KindConflict)
	assert.Equal(t, payment.ErrReferenceTaken, apperr.As(err).Code)
	taken, err := f.Lookup.PaymentRefTaken(ctx, "HF3467AB")
	require.NoError(t, err)
	assert.True(t, taken)

	got, err := f.Lookup.FindByPaymentRefs(ctx, []string{"HF3467AB", "HF999999"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, a.ID(), got[0].ID())
	got, err = f.Lookup.FindByMatchNames(ctx, []string{payment.MatchName("甲(北京)公司"), "张三"})
	require.NoError(t, err)
	assert.Len(t, got, 2, "registered names, normalized")
	got, err = f.Lookup.FindByMatchNames(ctx, []string{payment.MatchName(membertest.IndividualForm("张 三", "").Name)})
	require.NoError(t, err)
	assert.Len(t, got, 1)

	ms, total, err := f.Lookup.ListByStatus(ctx, member.StatusApproved, member.Individual, 10, 0)
	require.NoError(t, err)
	assert.Equal(t, 1, total)
	assert.Equal(t, b.ID(), ms[0].ID())
}

// activeUntil adds an active member whose validity ends on the day.
func activeUntil(t *testing.T, repo ports.MemberRepository, i int, until time.Time) *member.Member {
	t.Helper()
	m := approved(t, repo, member.Enterprise, fmt.Sprintf("公司%03d", i), fmt.Sprintf("c%03d@example.com", i),
		fmt.Sprintf("1900%04d", i))
	require.NoError(t, repo.Update(context.Background(), m.ID(), func(_ context.Context, m *member.Member) error {
		if err := m.ConfirmPayment(epoch()); err != nil {
			return err
		}
		if err := m.ForwardToSecretariat(epoch()); err != nil {
			return err
		}
		return m.ApproveMembership("文号", until.AddDate(-1, 0, 1), epoch())
	}))
	return m
}

func renewalCandidates(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	today := time.Date(2020, 8, 21, 0, 0, 0, 0, time.UTC)
	policy := member.DefaultRenewalPolicy
	far := activeUntil(t, f.Members, 1, today.AddDate(0, 0, 31))
	due30 := activeUntil(t, f.Members, 2, today.AddDate(0, 0, 30))
	due7 := activeUntil(t, f.Members, 3, today.AddDate(0, 0, 7))
	grace := activeUntil(t, f.Members, 4, today.AddDate(0, 0, -30))
	over := activeUntil(t, f.Members, 5, today.AddDate(0, 0, -31))
	approved(t, f.Members, member.Enterprise, "未缴公司", "n@example.com", "19990001")
	ids, err := f.Renewals.RenewalCandidates(ctx, ports.RenewalQuery{Today: today, Policy: policy, Limit: 100})
	require.NoError(t, err)
	assert.NotContains(t, ids, far.ID())
	for _, m := range []*member.Member{due30, due7, grace, over} {
		assert.Contains(t, ids, m.ID())
	}
	// Once reminded (and marked expiring), a member is a candidate again only
	// when the next reminder is due or the grace period ends.
	for _, m := range []*member.Member{due30, due7, grace} {
		require.NoError(t, f.Members.Update(ctx, m.ID(), func(_ context.Context, m *member.Member) error {
			_, err := m.SweepRenewal(today, policy)
			return err
		}))
	}
	ids, err = f.Renewals.RenewalCandidates(ctx, ports.RenewalQuery{Today: today, Policy: policy, Limit: 100})
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{over.ID()}, ids)
	// Paging by id.
	ids, err = f.Renewals.RenewalCandidates(ctx, ports.RenewalQuery{Today: today.AddDate(0, 0, 40), Policy: policy,
		Limit: 2})
	require.NoError(t, err)
	require.Len(t, ids, 2)
	rest, err := f.Renewals.RenewalCandidates(ctx, ports.RenewalQuery{Today: today.AddDate(0, 0, 40), Policy: policy,
		After: ids[1], Limit: 100})
	require.NoError(t, err)
	assert.Len(t, rest, 3)
	assert.Less(t, ids[1], rest[0])
}

func leases(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	now := epoch()
	const n = 20
	got := make([]bool, n)
	errs := parallel(n, func(i int) error {
		ok, err := f.Leases.Acquire(ctx, "job", fmt.Sprintf("h%02d", i), now, time.Minute)
		got[i] = ok
		return err
	})
	winners := 0
	winner := -1
	for i, err := range errs {
		require.NoError(t, err)
		if got[i] {
			winners++
			winner = i
		}
	}
	require.Equal(t, 1, winners, "exactly one holder takes a free lease")
	holder := fmt.Sprintf("h%02d", winner)
	ok, err := f.Leases.Acquire(ctx, "job", holder, now.Add(30*time.Second), time.Minute)
	require.NoError(t, err)
	assert.True(t, ok, "the holder extends its own lease")
	ok, err = f.Leases.Acquire(ctx, "job", "other", now.Add(89*time.Second), time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "not before it expires")
	ok, err = f.Leases.Acquire(ctx, "other-job", "other", now, time.Minute)
	require.NoError(t, err)
	assert.True(t, ok, "leases are per name")
	ok, err = f.Leases.Acquire(ctx, "job", "other", now.Add(91*time.Second), time.Minute)
	require.NoError(t, err)
	assert.True(t, ok, "an expired lease is taken over")
	require.NoError(t, f.Leases.Release(ctx, "job", holder), "releasing another's lease does nothing")
	ok, err = f.Leases.Acquire(ctx, "job", holder, now.Add(92*time.Second), time.Minute)
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, f.Leases.Release(ctx, "job", "other"))
	ok, err = f.Leases.Acquire(ctx, "job", holder, now.Add(92*time.Second), time.Minute)
	require.NoError(t, err)
	assert.True(t, ok, "a released lease is free")
}

func settings(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	_, ok, err := f.Settings.Get(ctx, "fees")
	require.NoError(t, err)
	assert.False(t, ok)
	require.NoError(t, f.Settings.Put(ctx, "fees", []byte(`{"a":1}`), epoch()))
	require.NoError(t, f.Settings.Put(ctx, "fees", []byte(`{"a":2}`), epoch()))
	v, ok, err := f.Settings.Get(ctx, "fees")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.JSONEq(t, `{"a":2}`, string(v))
}

func transactor(t *testing.T, f PaymentFixture) {
	ctx := context.Background()
	a := approved(t, f.Members, member.Enterprise, "甲公司", "a@example.com", "19000001")
	b := approved(t, f.Members, member.Enterprise, "乙公司", "b@example.com", "19000002")
	claimBoth := func(ctx context.Context, failSecond bool) error {
		for i, id := range []string{a.ID(), b.ID()} {
			err := f.Members.Update(ctx, id, func(_ context.Context, m *member.Member) error {
				if failSecond && i == 1 {
					return apperr.Conflict("x", "second fails")
				}
				return m.ClaimPayment(epoch())
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	err := f.Tx.InTx(ctx, func(ctx context.Context) error { return claimBoth(ctx, true) })
	requireKind(t, err, apperr.KindConflict)
	got, err := f.Members.Get(ctx, a.ID())
	require.NoError(t, err)
	assert.Equal(t, member.StatusApproved, got.Status(), "the first member's change is rolled back")
	require.NoError(t, f.Tx.InTx(ctx, func(ctx context.Context) error { return claimBoth(ctx, false) }))
	for _, id := range []string{a.ID(), b.ID()} {
		got, err := f.Members.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, member.StatusPaymentClaimed, got.Status())
	}
}
