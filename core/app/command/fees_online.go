package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"net/url"
	"regexp"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

func voucherError(code, msg string) error {
	var v apperr.Validation
	v.Add(VoucherField, code, msg)
	return v.Err()
}

var (
	pdfHeader = regexp.MustCompile(`^%PDF-[12]\.[0-9]`)
	pdfObject = regexp.MustCompile(`[0-9]+\s+[0-9]+\s+obj\b`)
)

// checkVoucher accepts a PDF (the %PDF- header, an indirect object, startxref
// and the %%EOF marker at the end) or a JPEG that decodes completely, and
// returns its content type.
func checkVoucher(data []byte) (string, error) {
	switch {
	case len(data) == 0:
		return "", voucherError("file_required", "请选择要上传的缴费凭证")
	case len(data) > payment.MaxVoucherBytes:
		return "", voucherError("file_too_large", "文件不能超过10MB")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := data[max(0, len(data)-2048):]
		if !pdfHeader.Match(data) || !bytes.Contains(tail, []byte("%%EOF")) ||
			!bytes.Contains(data, []byte("startxref")) || !pdfObject.Match(data) {
			return "", voucherError("file_corrupt", "PDF文件已损坏或不完整，无法读取")
		}
		return payment.ContentTypePDF, nil
	case bytes.HasPrefix(data, jpegMagic):
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", voucherError("file_corrupt", "图片文件已损坏或不完整，无法读取")
		}
		if cfg.Width < 1 || cfg.Height < 1 || int64(cfg.Width)*int64(cfg.Height) > maxScanPixels {
			return "", voucherError("image_too_large", "图片尺寸过大，请调低分辨率后重新上传")
		}
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			return "", voucherError("file_corrupt", "图片文件已损坏或不完整，无法读取")
		}
		return payment.ContentTypeJPEG, nil
	}
	return "", voucherError("file_type", "只能上传PDF或JPG格式的缴费凭证")
}

func (s *FeeService) uploadVoucher(ctx context.Context, cmd UploadPaymentVoucher) (string, error) {
	p := cmd.Principal
	if err := s.allowPay(p); err != nil {
		return "", err
	}
	m, err := s.d.Members.Get(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if err := access.CheckOwner(p, m.ID()); err != nil {
		return "", err
	}
	if _, ok := payment.PurposeFor(m.Status()); !ok {
		return "", nothingDue(m)
	}
	if cmd.Content == nil {
		return "", voucherError("file_required", "请选择要上传的缴费凭证")
	}
	data, err := io.ReadAll(io.LimitReader(cmd.Content, payment.MaxVoucherBytes+1))
	if err != nil {
		return "", apperr.Internal(fmt.Errorf("read voucher upload: %w", err))
	}
	contentType, err := checkVoucher(data)
	if err != nil {
		return "", err
	}
	now := s.now()
	v := payment.Voucher{ContentType: contentType, Size: int64(len(data)), FileName: cleanFileName(cmd.FileName)}
	v.Key = "vouchers/" + m.ID() + "/" + id.New(now) + v.Extension()
	if err := s.d.Files.Put(ctx, v.Key, bytes.NewReader(data)); err != nil {
		return "", apperr.Internal(fmt.Errorf("store voucher: %w", err))
	}
	pid, err := s.claim(ctx, p, v)
	if err != nil {
		_ = s.d.Files.Delete(context.WithoutCancel(ctx), v.Key)
		return "", err
	}
	return pid, nil
}

// orderSubject names an order the way the payer's bill shows it.
func (s *FeeService) orderSubject(m *member.Member, purpose payment.Purpose, year int) string {
	what := "会费"
	if purpose == payment.PurposeRenewal {
		what = "续费"
	}
	return fmt.Sprintf("%s%s%s（%d年度）", s.o.AssociationName, m.Kind().Label(), what, year)
}

func (s *FeeService) startOnline(ctx context.Context, p access.Principal) (OnlinePaymentStarted, error) {
	if err := s.allowPay(p); err != nil {
		return OnlinePaymentStarted{}, err
	}
	if s.d.Gateway == nil {
		return OnlinePaymentStarted{}, apperr.Conflict("online_payment_unavailable", "暂未开通在线支付，请通过银行转账缴纳会费")
	}
	m, err := s.d.Members.Get(ctx, p.ID)
	if err != nil {
		return OnlinePaymentStarted{}, err
	}
	if err := access.CheckOwner(p, m.ID()); err != nil {
		return OnlinePaymentStarted{}, err
	}
	if m.Kind() != member.Individual {
		return OnlinePaymentStarted{}, apperr.Conflict("online_payment_individual_only", "单位会员请通过银行转账缴纳会费")
	}
	purpose, ok := payment.PurposeFor(m.Status())
	if !ok {
		return OnlinePaymentStarted{}, nothingDue(m)
	}
	amount, err := s.fee(ctx, m)
	if err != nil {
		return OnlinePaymentStarted{}, err
	}
	now := s.now()
	order, err := payment.NewOrder(m.ID(), purpose, amount, now)
	if err != nil {
		return OnlinePaymentStarted{}, apperr.Internal(err)
	}
	if err := s.d.Payments.Add(ctx, order); err != nil {
		return OnlinePaymentStarted{}, err
	}
	year := now.Year()
	if purpose == payment.PurposeRenewal && !m.ValidUntil().IsZero() {
		year = m.ValidUntil().AddDate(0, 0, 1).Year()
	}
	subject := s.orderSubject(m, purpose, year)
	redirect, err := s.d.Gateway.StartPayment(ctx, ports.PaymentOrder{OutTradeNo: order.OutTradeNo, AmountFen: amount,
		Subject: subject, ReturnURL: s.o.ReturnURL, NotifyURL: s.o.NotifyURL})
	if err != nil {
		// The order never reached the gateway: close it so it does not linger.
		_ = s.d.Members.Update(context.WithoutCancel(ctx), m.ID(), func(ctx context.Context, _ *member.Member) error {
			order.Close("发起支付失败", now)
			return s.d.Payments.Save(ctx, order)
		})
		return OnlinePaymentStarted{}, err
	}
	return OnlinePaymentStarted{PaymentID: order.ID, OutTradeNo: order.OutTradeNo, AmountFen: amount, Subject: subject,
		RedirectURL: redirect}, nil
}

// Codes of rejected notifications.
const (
	ErrUnknownTrade = "unknown_trade"
)

func (s *FeeService) notification(ctx context.Context, form url.Values) error {
	if s.d.Gateway == nil {
		return apperr.New(apperr.KindInvalid, "online_payment_unavailable", "未开通在线支付")
	}
	gp, err := s.d.Gateway.VerifyNotification(ctx, form)
	if err != nil {
		return err
	}
	order, err := s.d.Payments.GetByOutTradeNo(ctx, gp.OutTradeNo)
	if apperr.IsKind(err, apperr.KindNotFound) || (err == nil && order.Method != payment.MethodAlipay) {
		return apperr.New(apperr.KindInvalid, ErrUnknownTrade, "未知的订单号")
	}
	if err != nil {
		return apperr.Internal(err)
	}
	if gp.AmountFen != order.AmountFen {
		return payment.AmountMismatch(order.AmountFen, gp.AmountFen)
	}
	// A redelivery of a notification already recorded: nothing to do.
	if order.Status != payment.StatusOpen && order.TradeNo != "" && order.TradeNo == gp.TradeNo {
		return nil
	}
	if !gp.Paid {
		if gp.Status != "TRADE_CLOSED" || order.Status != payment.StatusOpen {
			return nil // waiting for the buyer, or nothing to close
		}
	}
	now := s.now()
	err = s.d.Members.Update(ctx, order.MemberID, func(ctx context.Context, m *member.Member) error {
		o, err := s.d.Payments.Get(ctx, order.ID)
		if err != nil {
			return err
		}
		if !gp.Paid {
			if o.Status != payment.StatusOpen {
				return errUnchanged
			}
			o.Close("交易已关闭", now)
			return s.d.Payments.Save(ctx, o)
		}
		switch {
		case o.Status == payment.StatusOpen:
		case o.TradeNo == gp.TradeNo:
			return errUnchanged // recorded meanwhile by a concurrent delivery
		case o.Status == payment.StatusClosed:
			o.Status = payment.StatusOpen // closed unpaid, then paid after all: the money counts
		default:
			return apperr.Conflict(payment.ErrAlreadyHandled, "订单已由另一笔交易支付")
		}
		paidOn := gp.PaidAt
		if paidOn.IsZero() {
			paidOn = now
		}
		r := payment.Receipt{AmountFen: gp.AmountFen, PaidOn: paidOn.In(s.o.Location), TradeNo: gp.TradeNo,
			Source: payment.SourceGateway, Sandbox: gp.Sandbox}
		return s.settle(ctx, m, o, r, false, now)
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return err
	}
	return nil
}
