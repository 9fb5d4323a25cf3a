package invoice

import "github.com/openassoc/membership/core/apperr"

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
