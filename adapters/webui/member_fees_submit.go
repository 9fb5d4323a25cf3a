package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
)

// memberFeesClaim is 「申请查看缴费状态」 (「请确认缴费后点击此按钮」): the member says
// the fee was transferred and finance gets a claim to confirm. A second click
// while the claim is open, or a member with nothing to pay, is told why.
func (u *UI) memberFeesClaim(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	_, err := u.app.Commands.ClaimPayment.Handle(req.Context(), command.ClaimPayment{Principal: mc.Session.Principal})
	if err != nil {
		return u.feesFailed(w, req, mc, 0, err)
	}
	return redirectDone(w, req, feesPath, "claimed")
}

// memberFeesVoucher takes a 缴费凭证: exactly one PDF or JPG file of at most
// 10 MB in the field "voucher", checked by its content in the core; it opens a
// claim with it. A refused file is reported under the file input and nothing is
// kept.
func (u *UI) memberFeesVoucher(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	fh, status, err := uploadOf(req).singleFileOf(voucherField, msgVoucherTooMany)
	if err == nil {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		_, err = u.app.Commands.UploadPaymentVoucher.Handle(req.Context(), command.UploadPaymentVoucher{
			Principal: mc.Session.Principal, FileName: fh.Filename, Content: file})
		_ = file.Close()
		if err == nil {
			return redirectDone(w, req, feesPath, "voucher")
		}
		status = 0
	}
	return u.feesFailed(w, req, mc, status, err)
}

// memberFeesVoucherFile shows the member its own uploaded voucher.
func (u *UI) memberFeesVoucherFile(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	v, err := u.app.Queries.PaymentVoucher.Handle(req.Context(), query.PaymentVoucher{
		Principal: mc.Session.Principal, PaymentID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return serveVoucher(w, v)
}
