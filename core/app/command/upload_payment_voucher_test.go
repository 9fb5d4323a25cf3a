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
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func (e *env) uploadVoucher() *command.UploadPaymentVoucherHandler {
	return command.NewUploadPaymentVoucherHandler(e.store.Members(), e.store.Payments(), e.settings(), e.files,
		e.policy, e.clock, cst(), nil)
}

func (e *env) voucher(p access.Principal, name string, content io.Reader) (string, error) {
	return e.uploadVoucher().Handle(e.ctx, command.UploadPaymentVoucher{Principal: p, FileName: name, Content: content})
}

// A PDF voucher is stored and opens a voucher claim carrying it; a JPEG does
// too (for a renewal).
func TestUploadPaymentVoucher(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	pid, err := e.voucher(apptest.MemberOf(m), "回单.pdf", bytes.NewReader(apptest.PDF()))
	require.NoError(t, err)
	p := e.payment(pid)
	assert.Equal(t, payment.MethodVoucher, p.Method())
	assert.Equal(t, payment.StatusOpen, p.Status())
	v := p.Voucher()
	assert.Equal(t, payment.ContentTypePDF, v.ContentType)
	assert.Equal(t, "回单.pdf", v.FileName)
	assert.Regexp(t, `^vouchers/`+m.ID()+`/[0-9a-f]{32}\.pdf$`, v.Key)
	assert.Equal(t, []string{v.Key}, e.files.Keys())
	assert.Equal(t, member.StatusPaymentClaimed, e.get(m.ID()).Status())

	renewing := e.member(member.Individual, "张三", member.StatusLapsed)
	pid, err = e.voucher(apptest.MemberOf(renewing), "photo.jpg", bytes.NewReader(apptest.JPEG(16, 16)))
	require.NoError(t, err)
	assert.Equal(t, payment.ContentTypeJPEG, e.payment(pid).Voucher().ContentType)
	assert.Equal(t, payment.PurposeRenewal, e.payment(pid).Purpose())
}

// Refused files are named on "voucher" and leave nothing behind: no payment,
// no file, the member as it was.
func TestUploadPaymentVoucherRefusesBadFiles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	before := e.state(m.ID())
	pdf := apptest.PDF()
	jpg := apptest.JPEG(16, 16)
	cases := []struct {
		content io.Reader
		code    string
	}{
		{nil, "file_required"},
		{bytes.NewReader(nil), "file_required"},
		{bytes.NewReader(make([]byte, payment.MaxVoucherBytes+1)), "file_too_large"},
		{bytes.NewReader(apptest.PNG(4, 4)), "file_type"},
		{bytes.NewReader(pdf[:len(pdf)-7]), "file_corrupt"},
		{bytes.NewReader([]byte("%PDF-1.4 no objects\nstartxref\n%%EOF")), "file_corrupt"},
		{bytes.NewReader(jpg[:len(jpg)/2]), "file_corrupt"},
		{bytes.NewReader(jpg[:20]), "file_corrupt"},
	}
	for _, c := range cases {
		_, err := e.voucher(apptest.MemberOf(m), "v.pdf", c.content)
		wantErr(t, err, apperr.KindInvalid, "invalid_input")
		assert.Equal(t, map[string]string{command.VoucherField: c.code}, fieldCodes(err))
	}
	e.unchanged(before, m.ID())
	assert.Empty(t, e.paymentsOf(m.ID()))
}

// Refusals of the member: nothing due (before the file is read), a claim
// already open (the stored file is deleted again), staff, nobody.
func TestUploadPaymentVoucherRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	fresh := e.member(member.Individual, "张三", member.StatusDraft)
	claimed := e.member(member.Enterprise, "星河科技有限公司", member.StatusApproved)
	e.claim(claimed)
	before := e.state(fresh.ID(), claimed.ID())

	_, err := e.voucher(apptest.MemberOf(fresh), "v.pdf", nil)
	wantErr(t, err, apperr.KindConflict, "nothing_due")
	_, err = e.voucher(apptest.MemberOf(claimed), "v.pdf", bytes.NewReader(apptest.PDF()))
	wantErr(t, err, apperr.KindConflict, "claim_open")
	_, err = e.voucher(apptest.StaffOf(access.RoleFinance), "v.pdf", bytes.NewReader(apptest.PDF()))
	wantErr(t, err, apperr.KindForbidden, "members_only")
	_, err = e.voucher(access.Guest, "v.pdf", bytes.NewReader(apptest.PDF()))
	wantErr(t, err, apperr.KindUnauthorized, "login_required")

	e.unchanged(before, fresh.ID(), claimed.ID())
	assert.Len(t, e.paymentsOf(claimed.ID()), 1, "only the first claim")
}
