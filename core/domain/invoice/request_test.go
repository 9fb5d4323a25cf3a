package invoice_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
)

var now = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

func today() time.Time { return time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) }

func confirmed(memberID string) *payment.Payment {
	return payment.Restore(payment.Snapshot{ID: "pay1", MemberID: memberID, Method: payment.MethodTransfer,
		Status: payment.StatusConfirmed, AmountFen: 500000, PaidFen: 500000, PaidOn: today()})
}

func details() invoice.Details {
	return invoice.Details{Title: "测试发票抬头", TaxID: membertest.ValidUSCC, Kind: invoice.KindPlain,
		Email: "Finance@Example.com "}
}

// fieldOf returns the first field of an apperr error.
func fieldOf(t *testing.T, err error) (apperr.Kind, string, string) {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	if len(e.Fields) == 0 {
		return e.Kind, "", e.Code
	}
	return e.Kind, e.Fields[0].Field, e.Fields[0].Code
}

func TestRequestBadInput(t *testing.T) {
	t.Parallel()
	bad := map[string]struct {
		edit        func(d *invoice.Details)
		field, code string
	}{
		"wrong check character": {func(d *invoice.Details) { d.TaxID = "91350100M000100Y44" }, "tax_id", "uscc_checksum"},
		"empty title":           {func(d *invoice.Details) { d.Title = " " }, "title", "required"},
		"tax id missing":        {func(d *invoice.Details) { d.TaxID = "" }, "tax_id", "required"},
		"专票 without bank": {func(d *invoice.Details) {
			d.Kind, d.Address, d.Phone = invoice.KindSpecial, "北京市西城区", "010-68412345"
		}, "bank", "required"},
		"bad email":    {func(d *invoice.Details) { d.Email = "not-an-email" }, "email", "invalid"},
		"unknown kind": {func(d *invoice.Details) { d.Kind = "paper" }, "kind", "invalid"},
	}
	for name, c := range bad {
		d := details()
		c.edit(&d)
		_, err := invoice.NewRequest("m1", "测试号", confirmed("m1"), d, true, now)
		kind, field, code := fieldOf(t, err)
		assert.Equal(t, apperr.KindInvalid, kind, name)
		assert.Equal(t, c.field, field, name)
		assert.Equal(t, c.code, code, name)
	}
	open := payment.Restore(payment.Snapshot{ID: "pay2", MemberID: "m1", Status: payment.StatusOpen, AmountFen: 1})
	_, err := invoice.NewRequest("m1", "测试号", open, details(), true, now)
	_, _, code := fieldOf(t, err)
	assert.Equal(t, invoice.ErrNotConfirmed, code)
	_, err = invoice.NewRequest("m2", "别人", confirmed("m1"), details(), true, now)
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's payment")
	r, err := invoice.NewRequest("m1", "个人", confirmed("m1"), invoice.Details{Title: "张三", Email: "a@b.cn"}, false, now)
	require.NoError(t, err, "an individual needs no tax ID")
	assert.Equal(t, invoice.KindPlain, r.Details().Kind)
}

func TestRequestLifecycle(t *testing.T) {
	t.Parallel()
	r, err := invoice.NewRequest("m1", "测试号", confirmed("m1"), details(), true, now)
	require.NoError(t, err)
	assert.Equal(t, "finance@example.com", r.Details().Email)
	assert.Equal(t, int64(500000), r.AmountFen())
	is := invoice.Issued{Number: "26110000000012345678", Date: today(), AmountFen: 400000,
		File: invoice.File{Key: "k", Format: "pdf"}}
	_, field, _ := fieldOf(t, r.Issue(is, today(), now))
	assert.Equal(t, "amount", field, "the amount is the payment's")
	is.AmountFen = 500000
	require.NoError(t, r.Issue(is, today(), now))
	assert.Equal(t, invoice.StateIssued, r.State())
	_, _, code := fieldOf(t, r.Issue(is, today(), now))
	assert.Equal(t, invoice.ErrHandled, code, "issued twice")
	_, _, code = fieldOf(t, r.Withdraw("m1", now))
	assert.Equal(t, invoice.ErrHandled, code, "no withdrawal after finance acted")
	_, err = r.Void(" ", "s1", now)
	_, field, _ = fieldOf(t, err)
	assert.Equal(t, "reason", field)
	next, err := r.Void("抬头有误", "s1", now)
	require.NoError(t, err)
	assert.Equal(t, invoice.StateVoided, r.State())
	assert.Equal(t, invoice.StatePending, next.State())
	assert.Equal(t, r.ID(), next.Replaces())
	assert.Equal(t, r.PaymentID(), next.PaymentID())
	require.NoError(t, next.Return("请核对纳税人识别号", "s1", now))
	assert.Equal(t, invoice.StateReturned, next.State())
}

func TestAdvance(t *testing.T) {
	t.Parallel()
	form := invoice.AdvanceForm{Reason: "财务流程需先开票", ExpectedOn: today().AddDate(0, 0, 30), Contact: "王会计",
		ContactPhone: "13800138000"}
	_, err := invoice.NewAdvance("m1", "测试号", details(), form, 480000, 500000, true, today(), now)
	_, field, code := fieldOf(t, err)
	assert.Equal(t, "amount", field, "the amount is the fee due")
	assert.Equal(t, invoice.ErrAmount, code)
	past := form
	past.ExpectedOn = today().AddDate(0, 0, -1)
	_, err = invoice.NewAdvance("m1", "测试号", details(), past, 500000, 500000, true, today(), now)
	_, field, _ = fieldOf(t, err)
	assert.Equal(t, "expected_on", field)

	a, err := invoice.NewAdvance("m1", "测试号", details(), form, 500000, 500000, true, today(), now)
	require.NoError(t, err)
	assert.Equal(t, invoice.AdvanceRequested, a.AdvanceState())
	is := invoice.Issued{Number: "26110000000012345678", Date: today(), AmountFen: 500000,
		File: invoice.File{Key: "k", Format: "pdf"}}
	_, _, code = fieldOf(t, a.Issue(is, today(), now))
	assert.Equal(t, "scan_missing", code, "no issue before the stamped form")
	require.NoError(t, a.AttachScan(invoice.File{Key: "scan", Format: "png"}, now))
	require.NoError(t, a.Issue(is, today(), now))
	assert.Equal(t, invoice.AdvanceOpen, a.AdvanceState())
	assert.False(t, a.Overdue(today().AddDate(0, 0, 30)))
	assert.True(t, a.Overdue(today().AddDate(0, 0, 31)))
	require.NoError(t, a.Settle("pay9", now))
	assert.Equal(t, invoice.AdvanceSettled, a.AdvanceState())
	assert.Equal(t, "pay9", a.PaymentID())
	_, _, code = fieldOf(t, a.Settle("pay10", now))
	assert.Equal(t, invoice.ErrAdvanceSettled, code, "settled twice")
	assert.False(t, a.Overdue(today().AddDate(1, 0, 0)))
	_, _, code = fieldOf(t, a.WriteOff("坏账", "s1", now))
	assert.Equal(t, invoice.ErrAdvanceSettled, code)
}

// Every state has its Chinese label, and only pending and issued requests
// count for their payment.
func TestStateLabels(t *testing.T) {
	t.Parallel()
	labels := map[string]bool{}
	live := 0
	for _, s := range invoice.States() {
		assert.NotEqual(t, string(s), s.Label(), "a Chinese label for %s", s)
		labels[s.Label()] = true
		if s.Live() {
			live++
		}
	}
	assert.Len(t, labels, len(invoice.States()), "labels differ")
	assert.Equal(t, 2, live)
}
