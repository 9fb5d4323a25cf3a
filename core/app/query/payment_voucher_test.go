package query_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) paymentVoucher(p access.Principal, id string) (query.VoucherFile, error) {
	return query.NewPaymentVoucherHandler(e.store.Payments(), e.files, e.policy).Handle(e.ctx,
		query.PaymentVoucher{Principal: p, PaymentID: id})
}

// voucherClaim stores a PDF voucher named name and opens m's claim with it.
func (e *env) voucherClaim(m *member.Member, name string) *payment.Payment {
	e.t.Helper()
	pdf := apptest.PDF()
	v := payment.Voucher{Key: "vouchers/" + m.ID() + "/v.pdf", ContentType: payment.ContentTypePDF,
		Size: int64(len(pdf)), FileName: name}
	require.NoError(e.t, e.files.Put(e.ctx, v.Key, bytes.NewReader(pdf)))
	return e.claim(m, v)
}

// The voucher opens for its member and for finance, under its uploaded name
// or a default one.
func TestPaymentVoucher(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	p := e.voucherClaim(m, "")
	for _, who := range []access.Principal{apptest.MemberOf(m), apptest.StaffOf(access.RoleFinance)} {
		f, err := e.paymentVoucher(who, p.ID())
		require.NoError(t, err)
		got, err := io.ReadAll(f.Body)
		require.NoError(t, err)
		require.NoError(t, f.Body.Close())
		assert.Equal(t, apptest.PDF(), got)
		assert.Equal(t, payment.ContentTypePDF, f.ContentType)
		assert.Equal(t, "缴费凭证.pdf", f.FileName)
	}
	named := e.voucherClaim(e.member(member.Individual, "张三", member.StatusApproved), "回单.pdf")
	f, err := e.paymentVoucher(apptest.StaffOf(access.RoleAdmin), named.ID())
	require.NoError(t, err)
	assert.Equal(t, "回单.pdf", f.FileName)
}

// Refusals: a claim without a voucher, a voucher whose file is gone, an
// unknown payment, another member's, a role without payment:read, nobody.
func TestPaymentVoucherRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	other := e.member(member.Individual, "张三", member.StatusApproved)
	p := e.voucherClaim(m, "v.pdf")
	plain := e.claim(other, payment.Voucher{})

	_, err := e.paymentVoucher(apptest.MemberOf(other), plain.ID())
	wantErr(t, err, apperr.KindNotFound, "voucher_not_found")
	_, err = e.paymentVoucher(apptest.StaffOf(access.RoleFinance), "nothing")
	wantErr(t, err, apperr.KindNotFound, "voucher_not_found")
	_, err = e.paymentVoucher(apptest.MemberOf(other), p.ID())
	wantErr(t, err, apperr.KindNotFound, "not_found")
	_, err = e.paymentVoucher(apptest.StaffOf(access.RoleSecretariat), p.ID())
	wantErr(t, err, apperr.KindForbidden, "forbidden")
	_, err = e.paymentVoucher(access.Guest, p.ID())
	wantErr(t, err, apperr.KindUnauthorized, "login_required")

	require.NoError(t, e.files.Delete(e.ctx, p.Voucher().Key))
	_, err = e.paymentVoucher(apptest.MemberOf(m), p.ID())
	wantErr(t, err, apperr.KindNotFound, "voucher_not_found")
}
