package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// UploadPaymentVoucher is the upload of a 缴费凭证 (.pdf or .jpg, at most 10 MB)
// after a transfer: it opens a claim with the voucher attached.
type UploadPaymentVoucher struct {
	Principal access.Principal
	FileName  string    // as uploaded, for display only; the content decides the type
	Content   io.Reader // read up to payment.MaxVoucherBytes + 1 bytes
}

// VoucherField is the field name of voucher upload errors.
const VoucherField = "voucher"

// UploadPaymentVoucherHandler stores vouchers and opens their claims.
type UploadPaymentVoucherHandler struct {
	claims claimPorts
	files  ports.FileStore
	authz  ports.Authorizer
	clock  ports.Clock
	loc    *time.Location
	images *ImageChecker
}

// NewUploadPaymentVoucherHandler builds the handler; loc is the association's
// time zone, images the decode budget shared with the other picture uploads
// (nil: a checker of its own with the default budget).
func NewUploadPaymentVoucherHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	settings *feesettings.Source, files ports.FileStore, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location, images *ImageChecker) *UploadPaymentVoucherHandler {
	return &UploadPaymentVoucherHandler{claims: claimPorts{members: members, payments: payments, settings: settings},
		files: files, authz: authz, clock: clock, loc: orUTC(loc), images: orDefaultImages(images)}
}

// Handle checks the file (a PDF by its %PDF- header and structure, or a JPEG
// within the decode budget that decodes; at most 10 MB), stores it and opens a claim with it; it returns the
// payment id. A refused file leaves nothing behind.
func (h *UploadPaymentVoucherHandler) Handle(ctx context.Context, cmd UploadPaymentVoucher) (string, error) {
	p := cmd.Principal
	if err := access.Authorize(h.authz, p, access.PayOwnFees, p.ID); err != nil {
		return "", err
	}
	m, err := h.claims.members.Get(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if err := m.RequireVerifiedEmail(); err != nil {
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
	contentType, err := h.checkVoucher(ctx, data)
	if err != nil {
		return "", err
	}
	now := h.clock.Now().In(h.loc)
	v := payment.Voucher{ContentType: contentType, Size: int64(len(data)), FileName: cleanFileName(cmd.FileName)}
	v.Key = "vouchers/" + m.ID() + "/" + id.New(now) + v.Extension()
	if err := h.files.Put(ctx, v.Key, bytes.NewReader(data)); err != nil {
		return "", apperr.Internal(fmt.Errorf("store voucher: %w", err))
	}
	pid, err := fileClaim(ctx, h.claims, m.ID(), v, now)
	if err != nil {
		_ = h.files.Delete(context.WithoutCancel(ctx), v.Key)
		return "", err
	}
	return pid, nil
}

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
// and the %%EOF marker at the end) or a JPEG within the decode budget that
// decodes completely, and returns its content type.
func (h *UploadPaymentVoucherHandler) checkVoucher(ctx context.Context, data []byte) (string, error) {
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
	case isJPEG(data):
		return h.images.Check(ctx, VoucherField, data)
	}
	return "", voucherError("file_type", "只能上传PDF或JPG格式的缴费凭证")
}
