package bunstore

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/openassoc/membership/core/apperr"
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
	staffUsernameKey = uniqueKey{"staff_username_unique", "staff.username", func() error {
		return apperr.FieldConflict("username", "username_taken", "该用户名已被使用")
	}}
)

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
