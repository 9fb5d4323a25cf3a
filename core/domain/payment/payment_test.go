package payment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

var t0 = time.Date(2019, 9, 21, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestFees(t *testing.T) {
	t.Parallel()
	f := payment.DefaultFees
	assert.Equal(t, int64(500000), f.For(member.Enterprise, member.LevelOrdinary))
	assert.Equal(t, int64(1000000), f.For(member.Enterprise, member.LevelCouncil))
	assert.Equal(t, int64(1000000), f.For(member.Enterprise, member.LevelVicePresident))
	assert.Equal(t, int64(1000000), f.For(member.Enterprise, member.LevelPresident))
	assert.Equal(t, int64(48000), f.For(member.Individual, member.LevelIndividual))
	// A configured list decides each level's tier.
	f.Levels = member.LevelList{{Level: member.LevelOrdinary, Tier: member.TierOrdinary}, {Level: "名誉理事", Tier: member.TierOrdinary},
		{Level: member.LevelCouncil, Tier: member.TierCouncil}}
	assert.Equal(t, int64(500000), f.For(member.Enterprise, "名誉理事"))
	assert.Equal(t, int64(1000000), f.For(member.Enterprise, member.LevelCouncil))
	f.Levels = nil
	assert.Equal(t, payment.DefaultFees, payment.Fees{}.WithDefaults())
	assert.Equal(t, payment.Fees{Ordinary: 1, Council: 1000000, Individual: 48000}, payment.Fees{Ordinary: 1}.WithDefaults())
	require.NoError(t, f.Validate())
	err := payment.Fees{Ordinary: 0, Council: payment.MaxFeeFen + 1, Individual: 1}.Validate()
	assert.Len(t, apperr.As(err).Fields, 2)
	assert.Equal(t, "¥5000", payment.Yuan(500000))
	assert.Equal(t, "¥480.50", payment.Yuan(48050))
	assert.Equal(t, "¥0.05", payment.Yuan(5))
	assert.Equal(t, "-¥15", payment.Yuan(-1500))
}

func TestPayee(t *testing.T) {
	t.Parallel()
	assert.Equal(t, payment.DefaultPayee, payment.Payee{}.WithDefaults())
	p := payment.Payee{Name: " 协会 ", Account: "0200 0028 0901", Bank: "工行"}
	p.Normalize()
	assert.Equal(t, payment.Payee{Name: "协会", Account: "020000280901", Bank: "工行"}, p)
	require.NoError(t, p.Validate())
}

func TestClaimConfirmRejectClose(t *testing.T) {
	t.Parallel()
	p, err := payment.NewClaim("m1", payment.PurposeJoin, payment.MethodTransfer, 500000, payment.Voucher{}, t0)
	require.NoError(t, err)
	assert.Equal(t, payment.StatusOpen, p.Status())
	_, err = payment.NewClaim("m1", payment.PurposeJoin, payment.MethodVoucher, 500000, payment.Voucher{}, t0)
	require.Error(t, err, "a voucher claim needs its voucher")

	err = p.Confirm(payment.Receipt{AmountFen: 400000, PaidOn: t0, BankRef: "R"}, t0)
	assert.Equal(t, payment.ErrAmountMismatch, apperr.As(err).Code)
	assert.Equal(t, payment.StatusOpen, p.Status(), "a wrong amount changes nothing")

	require.NoError(t, p.Confirm(payment.Receipt{AmountFen: 500000, PaidOn: t0, BankRef: " R 1 ", Source: "finance",
		StaffID: "s"}, t0))
	assert.Equal(t, payment.StatusConfirmed, p.Status())
	assert.Equal(t, "R1", p.BankRef())
	assert.Equal(t, time.Date(2019, 9, 21, 0, 0, 0, 0, time.UTC), p.PaidOn())
	err = p.Confirm(payment.Receipt{AmountFen: 500000, PaidOn: t0}, t0)
	assert.Equal(t, payment.ErrAlreadyHandled, apperr.As(err).Code)
	err = p.Reject("no", "s", t0)
	assert.Equal(t, payment.ErrAlreadyHandled, apperr.As(err).Code)
	p.Close("x", t0)
	assert.Equal(t, payment.StatusConfirmed, p.Status(), "closing a handled payment does nothing")

	q, err := payment.NewClaim("m1", payment.PurposeRenewal, payment.MethodTransfer, 500000, payment.Voucher{}, t0)
	require.NoError(t, err)
	assert.Equal(t, apperr.KindInvalid, apperr.As(q.Reject(" ", "s", t0)).Kind)
	require.NoError(t, q.Reject("未到账", "s", t0))
	assert.Equal(t, payment.StatusRejected, q.Status())

	o, err := payment.NewOrder("m2", payment.PurposeJoin, 48000, t0)
	require.NoError(t, err)
	assert.Equal(t, o.ID(), o.OutTradeNo())
	assert.Equal(t, payment.ErrNotClaim, apperr.As(o.Reject("x", "s", t0)).Code)
	require.NoError(t, o.MarkDuplicate(payment.Receipt{AmountFen: 48000, PaidOn: t0, TradeNo: "T"}, t0))
	assert.Equal(t, payment.StatusDuplicate, o.Status())
	o2, _ := payment.NewOrder("m2", payment.PurposeJoin, 48000, t0)
	o2.Close("交易已关闭", t0)
	assert.Equal(t, payment.StatusClosed, o2.Status())
	o3, _ := payment.NewOrder("m2", payment.PurposeJoin, 48000, t0)
	assert.NotEqual(t, o2.OutTradeNo(), o3.OutTradeNo(), "every order has its own out_trade_no")
}

func TestCheckReceipt(t *testing.T) {
	t.Parallel()
	require.NoError(t, payment.CheckReceipt(payment.Receipt{AmountFen: 1, PaidOn: t0, BankRef: "R"}, t0))
	err := payment.CheckReceipt(payment.Receipt{PaidOn: t0.AddDate(0, 0, 1), BankRef: string(make([]byte, 65))}, t0)
	fields := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		fields[f.Field] = f.Code
	}
	assert.Equal(t, map[string]string{"amount": "amount_invalid", "paid_on": "date_future", "bank_ref": "too_long"}, fields)
}

func TestReferenceCodes(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := range 2000 {
		c := payment.ReferenceCode("member-"+string(rune('a'+i%26))+string(rune(i)), 0)
		require.True(t, payment.ValidReference(c), c)
		require.Len(t, c, 8)
		assert.NotContains(t, c[2:], "0")
		assert.NotContains(t, c[2:], "O")
		assert.NotContains(t, c[2:], "1")
		assert.NotContains(t, c[2:], "I")
		seen[c] = true
	}
	assert.Greater(t, len(seen), 1990, "codes hardly collide")
	c := payment.ReferenceCode("m1", 0)
	assert.Equal(t, c, payment.ReferenceCode("m1", 0), "derived, stable")
	assert.NotEqual(t, c, payment.ReferenceCode("m1", 1))
	assert.False(t, payment.ValidReference("HF0000O1"))
	assert.False(t, payment.ValidReference("XX"+c[2:]))

	assert.Equal(t, []string{c}, payment.FindReferences("会费 "+c))
	assert.Equal(t, []string{c}, payment.FindReferences("会费"+c[:4]+"-"+c[4:]+"年费"), "dashes and spaces are ignored")
	assert.Equal(t, []string{c}, payment.FindReferences("ref:"+stringsToLower(c)), "case is ignored")
	assert.Equal(t, []string{c}, payment.FindReferences("会费"+fullWidth(c)), "full-width letters are read")
	d := payment.ReferenceCode("m2", 0)
	assert.Equal(t, []string{c, d}, payment.FindReferences(c+","+d+" "+c))
	assert.Empty(t, payment.FindReferences("会费 HF"))
}

func stringsToLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func fullWidth(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r = r - 'A' + 'Ａ'
		case r >= '0' && r <= '9':
			r = r - '0' + '０'
		}
		out = append(out, r)
	}
	return string(out)
}
