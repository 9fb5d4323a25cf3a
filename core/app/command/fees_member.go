package command

import (
	"context"
	"io"
	"net/url"

	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ClaimPayment is 「申请查看缴费状态」 (「请确认缴费后点击此按钮」): the member says the
// fee (the first one or a renewal) was transferred, and finance gets a claim to
// confirm.
type ClaimPayment struct {
	Principal access.Principal
}

// ClaimPaymentHandler records payment claims.
type ClaimPaymentHandler struct{ fees *FeeService }

// Handle opens a transfer claim for the amount due now and returns its id. A
// member with nothing to pay, or with a claim already open, gets a Conflict.
func (h *ClaimPaymentHandler) Handle(ctx context.Context, cmd ClaimPayment) (string, error) {
	return h.fees.claim(ctx, cmd.Principal, payment.Voucher{})
}

// UploadPaymentVoucher is the upload of a 缴费凭证 (.pdf or .jpg, at most 10 MB)
// after a transfer: it opens a claim with the voucher attached.
type UploadPaymentVoucher struct {
	Principal access.Principal
	FileName  string    // as uploaded, for display only; the content decides the type
	Content   io.Reader // read up to payment.MaxVoucherBytes + 1 bytes
}

// UploadPaymentVoucherHandler stores vouchers and opens their claims.
type UploadPaymentVoucherHandler struct{ fees *FeeService }

// VoucherField is the field name of voucher upload errors.
const VoucherField = "voucher"

// Handle checks the file (a PDF by its %PDF- header and structure, or a JPEG that
// decodes; at most 10 MB), stores it and opens a claim with it; it returns the
// payment id. A refused file leaves nothing behind.
func (h *UploadPaymentVoucherHandler) Handle(ctx context.Context, cmd UploadPaymentVoucher) (string, error) {
	return h.fees.uploadVoucher(ctx, cmd)
}

// StartOnlinePayment is 「支付宝付款 ¥480/年 立即支付」: an online order for the
// amount due, paid at the gateway.
type StartOnlinePayment struct {
	Principal access.Principal
}

// OnlinePaymentStarted is the stored order and where to send the browser.
type OnlinePaymentStarted struct {
	PaymentID   string
	OutTradeNo  string
	AmountFen   int64
	Subject     string
	RedirectURL string // the gateway's page; redirect the browser there
}

// StartOnlinePaymentHandler creates online orders.
type StartOnlinePaymentHandler struct{ fees *FeeService }

// Handle creates an order with a new, unique out_trade_no for the fee of the
// member's kind (individual members; enterprises pay by transfer), stores it and
// returns the gateway's URL. Without a gateway it is a Conflict
// (online_payment_unavailable).
func (h *StartOnlinePaymentHandler) Handle(ctx context.Context, cmd StartOnlinePayment) (OnlinePaymentStarted, error) {
	return h.fees.startOnline(ctx, cmd.Principal)
}

// HandlePaymentNotificationHandler handles the gateway's asynchronous
// notification (Alipay's notify_url).
type HandlePaymentNotificationHandler struct{ fees *FeeService }

// Handle verifies the notification's signature and app id through the gateway,
// then checks the order: an unknown out_trade_no or a wrong amount is an Invalid
// error and nothing changes. A paid order is confirmed once (the member's fee is
// recorded, notifications and emails follow from the event); a redelivery finds
// it confirmed and changes nothing. It returns nil only after the payment is
// durably stored, so the HTTP adapter may then answer "success"; on an error it
// must answer something else ("fail") so that the gateway retries.
func (h *HandlePaymentNotificationHandler) Handle(ctx context.Context, form url.Values) error {
	return h.fees.notification(ctx, form)
}

// FeeDeps are the ports the fee use cases need.
type FeeDeps struct {
	Members    ports.MemberRepository
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Lookup     ports.MemberLookup
	Renewals   ports.RenewalIndex
	Leases     ports.Leases
	Tx         ports.Transactor
	Parser     ports.StatementParser
	Files      ports.FileStore
	Gateway    ports.PaymentGateway // nil: no online payment
	Authorizer ports.Authorizer
	Clock      ports.Clock
	Settings   *feesettings.Source
}

// FeeOptions tune the fee use cases.
type FeeOptions struct {
	// AssociationName names the association in order subjects.
	AssociationName string
	// Location is the association's time zone: days (approval, payment,
	// expiry) are its calendar days.
	Location *time.Location
	// ReturnURL and NotifyURL are the gateway's synchronous return and
	// asynchronous notification addresses.
	ReturnURL string
	NotifyURL string
	// Renewal is the reminder and grace-period policy.
	Renewal member.RenewalPolicy
	// SweepLeaseTTL is how long a renewal sweep holds its lease (default 1 h).
	SweepLeaseTTL time.Duration
}

// FeeService is the shared machinery of the fee use cases; the handlers are thin
// entry points into it.
type FeeService struct {
	d FeeDeps
	o FeeOptions
}

// NewFeeService builds the service.
func NewFeeService(d FeeDeps, o FeeOptions) *FeeService {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Renewal.ReminderDays == nil {
		o.Renewal = member.DefaultRenewalPolicy
	}
	if o.SweepLeaseTTL <= 0 {
		o.SweepLeaseTTL = time.Hour
	}
	if d.Clock == nil {
		d.Clock = ports.SystemClock{}
	}
	return &FeeService{d: d, o: o}
}

// NewClaimPaymentHandler builds the handler.
func NewClaimPaymentHandler(s *FeeService) *ClaimPaymentHandler { return &ClaimPaymentHandler{fees: s} }

// NewUploadPaymentVoucherHandler builds the handler.
func NewUploadPaymentVoucherHandler(s *FeeService) *UploadPaymentVoucherHandler {
	return &UploadPaymentVoucherHandler{fees: s}
}

// NewStartOnlinePaymentHandler builds the handler.
func NewStartOnlinePaymentHandler(s *FeeService) *StartOnlinePaymentHandler {
	return &StartOnlinePaymentHandler{fees: s}
}

// NewHandlePaymentNotificationHandler builds the handler.
func NewHandlePaymentNotificationHandler(s *FeeService) *HandlePaymentNotificationHandler {
	return &HandlePaymentNotificationHandler{fees: s}
}
