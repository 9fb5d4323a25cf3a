package invoice

import (
	"fmt"

	"github.com/openassoc/membership/core/apperr"
)

// NotFoundError is the error of a missing request (or another member's).
func NotFoundError() error { return apperr.NotFound("invoice_not_found", "开票申请不存在") }

// AlreadyAskedError is the error of a second live request for one payment;
// storage adapters return it for their unique index.
func AlreadyAskedError() error {
	return apperr.FieldConflict("payment_id", ErrAlreadyAsked, "该笔缴费已申请过发票，请勿重复申请")
}

// ChangedError is the error of a request another user changed meanwhile.
func ChangedError() error {
	return apperr.Conflict(ErrChanged, "该开票申请刚刚已被其他人处理，请刷新后查看")
}

// MaxFileBytes bounds an uploaded e-invoice or stamped form (10 MB).
const MaxFileBytes = 10 << 20

// IssuedText is the notification of an issued invoice, in the manual's style:
// 财务已为企业【测试号】开具会费发票（发票号码 …）.
func IssuedText(subject, number string) string {
	return fmt.Sprintf("财务已为%s开具会费发票（发票号码 %s），请在「申请发票」页下载", subject, number)
}

// ReturnedText is the notification of a request finance returned.
func ReturnedText(subject, reason string) string {
	return fmt.Sprintf("财务退回了%s的开票申请，原因：%s。请修改后重新申请", subject, reason)
}

// VoidedText is the notification of a voided (红冲) invoice.
func VoidedText(subject, number, reason string) string {
	return fmt.Sprintf("财务已将%s的会费发票（发票号码 %s）红冲作废，原因：%s，将重新开具", subject, number, reason)
}

// PaymentNotFoundError is the error of a payment that is missing or another
// member's.
func PaymentNotFoundError() error {
	return apperr.NotFound("payment_not_found", "缴费记录不存在")
}
