package payment

import "github.com/openassoc/membership/core/domain/member"

// Purpose tells a first fee from a renewal.
type Purpose string

// The purposes.
const (
	PurposeJoin    Purpose = "join"    // the first fee after the application was approved
	PurposeRenewal Purpose = "renewal" // a renewal: validity + one year from the old end date
)

// Label returns the Chinese label.
func (p Purpose) Label() string {
	if p == PurposeRenewal {
		return "续费"
	}
	return "入会会费"
}

// PurposeFor returns the purpose of a payment a member in status s makes now,
// and false when the member has nothing to pay: approved or claimed members pay
// the first fee, expiring or lapsed ones renew.
func PurposeFor(s member.Status) (Purpose, bool) {
	switch s {
	case member.StatusApproved, member.StatusPaymentClaimed:
		return PurposeJoin, true
	case member.StatusExpiring, member.StatusLapsed:
		return PurposeRenewal, true
	}
	return "", false
}

// Method is how the member paid.
type Method string

// The methods.
const (
	MethodTransfer Method = "transfer" // bank transfer, claimed with 「申请查看缴费状态」 or found on a statement
	MethodVoucher  Method = "voucher"  // bank transfer with an uploaded 缴费凭证
	MethodAlipay   Method = "alipay"   // Alipay web page payment
)

// Label returns the Chinese label.
func (m Method) Label() string {
	switch m {
	case MethodVoucher:
		return "转账（缴费凭证）"
	case MethodAlipay:
		return "支付宝"
	}
	return "银行转账"
}

// Status is a payment's state.
type Status string

// The statuses. Open claims wait for finance, open orders for the gateway.
const (
	StatusOpen      Status = "open"      // claimed / ordered, not yet confirmed
	StatusConfirmed Status = "confirmed" // the money arrived and counts for the fee
	StatusRejected  Status = "rejected"  // finance found no money for the claim
	StatusClosed    Status = "closed"    // superseded by another payment, or the order was closed unpaid
	StatusDuplicate Status = "duplicate" // the money arrived but the fee was already paid: to refund
)

// Label returns the Chinese label.
func (s Status) Label() string {
	switch s {
	case StatusOpen:
		return "待确认"
	case StatusConfirmed:
		return "已确认"
	case StatusRejected:
		return "已退回"
	case StatusClosed:
		return "已关闭"
	case StatusDuplicate:
		return "重复缴费（待退款）"
	case StatusPartial:
		return "部分到账"
	}
	return string(s)
}

// Voucher is an uploaded 缴费凭证 (PDF or JPEG).
type Voucher struct {
	Key         string
	ContentType string
	Size        int64
	FileName    string
}

// Present reports whether a voucher is attached.
func (v Voucher) Present() bool { return v.Key != "" }

// Content types and the size limit of vouchers.
const (
	ContentTypePDF  = "application/pdf"
	ContentTypeJPEG = "image/jpeg"
	MaxVoucherBytes = 10 << 20
)

// Extension returns the file extension of the voucher's content type.
func (v Voucher) Extension() string {
	if v.ContentType == ContentTypePDF {
		return ".pdf"
	}
	return ".jpg"
}
