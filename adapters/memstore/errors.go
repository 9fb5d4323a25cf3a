package memstore

import (
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

// The errors of unique constraints, the same kinds, codes, fields and messages
// bunstore maps its constraint violations to.
func errMemberName() error {
	return apperr.FieldConflict("name", "name_taken", "该用户名已被注册")
}

func errMemberEmail() error {
	return apperr.FieldConflict("email", "email_taken", "该邮箱已被注册")
}

func errMemberNumber() error {
	return apperr.Conflict("number_taken", "会员号已被使用，请重试")
}

func errPaymentRef() error {
	return apperr.Conflict(payment.ErrReferenceTaken, "缴费识别码已被使用，请重试")
}

func errOutTradeNo() error {
	return apperr.Conflict("out_trade_no_taken", "订单号已被使用，请重试")
}

func errBankRef() error {
	return apperr.FieldConflict("bank_ref", "bank_ref_taken", "该银行流水号已用于确认其他缴费")
}

func errTradeNo() error {
	return apperr.Conflict("trade_no_taken", "该支付宝交易号已用于其他订单")
}

func errOpenClaim() error {
	return apperr.Conflict("claim_open", "已有待财务确认的缴费申请，请耐心等待")
}

func errStaffUsername() error {
	return apperr.FieldConflict("username", "username_taken", "该用户名已被使用")
}

// The errors of missing rows.
func errMemberNotFound() error { return apperr.NotFound("member_not_found", "会员不存在") }

func errStaffNotFound() error {
	return apperr.NotFound("staff_not_found", "工作人员账号不存在")
}

func errPaymentNotFound() error { return apperr.NotFound("payment_not_found", "缴费记录不存在") }

func errStatementNotFound() error {
	return apperr.NotFound("statement_not_found", "对账单不存在")
}

func errLineNotFound() error {
	return apperr.NotFound("statement_line_not_found", "对账单流水不存在")
}

// errConstraint is a violated constraint that bunstore does not map to an apperr
// error (a duplicate primary key, a missing referenced row, a unique value the
// operation does not expect to clash): a plain error, as the database's own.
func errConstraint(format string, args ...any) error {
	return fmt.Errorf("memstore: constraint failed: "+format, args...)
}

// unique is one unique value a row is about to hold.
type unique struct {
	idx    *table[string, string]
	old    string // the value the stored row holds ("" for none, or a new row)
	value  string // the value the row will hold ("" for NULL: not indexed)
	errFor func() error
}

// checkUnique returns the error of the first value another row already holds.
func checkUnique(id string, us []unique) error {
	for _, u := range us {
		if u.value == "" {
			continue
		}
		if owner, ok := u.idx.get(u.value); ok && owner != id {
			return u.errFor()
		}
	}
	return nil
}

// applyUnique moves the row's index entries from the old values to the new.
func applyUnique(id string, us []unique) {
	for _, u := range us {
		if u.old == u.value {
			continue
		}
		if u.old != "" {
			if owner, ok := u.idx.get(u.old); ok && owner == id {
				u.idx.del(u.old)
			}
		}
		if u.value != "" {
			u.idx.put(u.value, id)
		}
	}
}
