package bunstore

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

// uniqueKey names one unique constraint in both dialects: PostgreSQL reports the
// constraint name, SQLite the constrained columns ("UNIQUE constraint failed:
// members.kind, members.name").
type uniqueKey struct {
	constraint string
	columns    string
	err        func() error
}

var (
	memberNameKey = uniqueKey{"members_name_unique", "members.kind, members.name", func() error {
		return apperr.FieldConflict("name", "name_taken", "该用户名已被注册")
	}}
	memberEmailKey = uniqueKey{"members_email_unique", "members.email", func() error {
		return apperr.FieldConflict("email", "email_taken", "该邮箱已被注册")
	}}
	memberNumberKey = uniqueKey{"members_number_unique", "members.number", func() error {
		return apperr.Conflict("number_taken", "会员号已被使用，请重试")
	}}
	memberPaymentRefKey = uniqueKey{"members_payment_ref_unique", "members.payment_ref", func() error {
		return apperr.Conflict(codePaymentRefTaken, "缴费识别码已被使用，请重试")
	}}
	paymentOutTradeNoKey = uniqueKey{"payments_out_trade_no_unique", "payments.out_trade_no", func() error {
		return apperr.Conflict("out_trade_no_taken", "订单号已被使用，请重试")
	}}
	paymentBankRefKey = uniqueKey{"payments_bank_ref_unique", "payments.bank_ref", func() error {
		return apperr.FieldConflict("bank_ref", "bank_ref_taken", "该银行流水号已用于确认其他缴费")
	}}
	paymentTradeNoKey = uniqueKey{"payments_trade_no_unique", "payments.trade_no", func() error {
		return apperr.Conflict("trade_no_taken", "该支付宝交易号已用于其他订单")
	}}
	paymentOpenClaimKey = uniqueKey{"payments_open_claim_unique", "payments.member_id", func() error {
		return apperr.Conflict("claim_open", "已有待财务确认的缴费申请，请耐心等待")
	}}
	statementLineKey = uniqueKey{"statement_lines_key_unique", "statement_lines.line_key", func() error {
		return apperr.Conflict("statement_busy", "同一对账单正在被其他人导入，请稍后刷新查看")
	}}
	staffUsernameKey = uniqueKey{"staff_username_unique", "staff.username", func() error {
		return apperr.FieldConflict("username", "username_taken", "该用户名已被使用")
	}}
)

// codePaymentRefTaken is the code of a payment reference code taken by another
// member (callers derive the next candidate and retry).
const codePaymentRefTaken = payment.ErrReferenceTaken

// mapUnique turns a unique violation of one of keys into its apperr conflict and
// returns any other error unchanged.
func mapUnique(err error, keys ...uniqueKey) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if pgErr.Code != "23505" {
			return err
		}
		for _, k := range keys {
			if pgErr.ConstraintName == k.constraint {
				return k.err()
			}
		}
		return err
	}
	msg := err.Error()
	if i := strings.Index(msg, "UNIQUE constraint failed: "); i >= 0 {
		cols := msg[i+len("UNIQUE constraint failed: "):]
		for _, k := range keys {
			if strings.HasPrefix(cols, k.columns) {
				return k.err()
			}
		}
	}
	return err
}

// notFound maps sql.ErrNoRows to an apperr NotFound with a user message.
func notFound(err error, code, message string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound(code, message)
	}
	return err
}

// errNoRows stands for a missing row where no query produced sql.ErrNoRows.
var errNoRows = sql.ErrNoRows
