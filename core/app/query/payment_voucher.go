package query

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// PaymentVoucher asks for a payment's 缴费凭证.
type PaymentVoucher struct {
	Principal access.Principal
	PaymentID string
}

// VoucherFile is a voucher's content; the caller closes Body.
type VoucherFile struct {
	Body        io.ReadCloser
	ContentType string // application/pdf or image/jpeg, as checked at upload
	Size        int64
	FileName    string
}

// PaymentVoucherHandler serves vouchers.
type PaymentVoucherHandler struct {
	payments ports.PaymentRepository
	files    ports.FileStore
	authz    ports.Authorizer
}

// NewPaymentVoucherHandler builds the handler.
func NewPaymentVoucherHandler(payments ports.PaymentRepository, files ports.FileStore,
	authz ports.Authorizer) *PaymentVoucherHandler {
	return &PaymentVoucherHandler{payments: payments, files: files, authz: authz}
}

// Handle opens the voucher for its member or staff allowed payment:read.
func (h *PaymentVoucherHandler) Handle(ctx context.Context, q PaymentVoucher) (VoucherFile, error) {
	p, err := h.payments.Get(ctx, strings.TrimSpace(q.PaymentID))
	if err != nil {
		if apperr.IsKind(err, apperr.KindNotFound) {
			return VoucherFile{}, apperr.NotFound("voucher_not_found", "缴费凭证不存在")
		}
		return VoucherFile{}, err
	}
	if err := access.Authorize(h.authz, q.Principal, access.ReadPayment, p.MemberID()); err != nil {
		return VoucherFile{}, err
	}
	if !p.Voucher().Present() {
		return VoucherFile{}, apperr.NotFound("voucher_not_found", "该缴费记录没有缴费凭证")
	}
	body, err := h.files.Open(ctx, p.Voucher().Key)
	if apperr.IsKind(err, apperr.KindNotFound) {
		return VoucherFile{}, apperr.NotFound("voucher_not_found", "缴费凭证不存在")
	}
	if err != nil {
		return VoucherFile{}, apperr.Internal(fmt.Errorf("open voucher: %w", err))
	}
	name := p.Voucher().FileName
	if name == "" {
		name = fmt.Sprintf("缴费凭证%s", p.Voucher().Extension())
	}
	return VoucherFile{Body: body, ContentType: p.Voucher().ContentType, Size: p.Voucher().Size, FileName: name}, nil
}
