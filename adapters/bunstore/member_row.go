package bunstore

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// memberRow is the stored form of member.Snapshot.
type memberRow struct {
	bun.BaseModel `bun:"table:members"`

	ID                 string    `bun:"id,pk"`
	Kind               string    `bun:"kind"`
	Name               string    `bun:"name"`
	Email              string    `bun:"email"`
	PasswordHash       string    `bun:"password_hash"`
	Status             string    `bun:"status"`
	Number             string    `bun:"number,nullzero"`
	Level              string    `bun:"level"`
	RejectReason       string    `bun:"reject_reason"`
	MustChangePassword bool      `bun:"must_change_password"`
	ValidFrom          dateCol   `bun:"valid_from"`
	ValidUntil         dateCol   `bun:"valid_until"`
	ApprovalDocNo      string    `bun:"approval_doc_no"`
	PaymentRef         string    `bun:"payment_ref,nullzero"`
	RenewalReminded    int       `bun:"renewal_reminded"`
	MatchName          string    `bun:"match_name"`
	FormMatchName      string    `bun:"form_match_name"`
	EmailVerifiedAt    time.Time `bun:"email_verified_at,nullzero"`
	VerifyMailAt       time.Time `bun:"verify_mail_at,nullzero"`
	VerifyMails        int       `bun:"verify_mails"`
	VerifyMailsSince   time.Time `bun:"verify_mails_since,nullzero"`
	AttemptMailAt      time.Time `bun:"attempt_mail_at,nullzero"`
	CreatedAt          time.Time `bun:"created_at"`
	UpdatedAt          time.Time `bun:"updated_at"`
	Version            int64     `bun:"version"`
	StatusReason       string    `bun:"status_reason"`
	// InitialUntil: an imported member's initial password works until then.
	InitialUntil time.Time `bun:"initial_credential_until,nullzero"`
}

func memberToRow(s member.Snapshot) *memberRow {
	return &memberRow{
		ID: s.ID, Kind: string(s.Kind), Name: s.Name, Email: s.Email, PasswordHash: s.PasswordHash,
		Status: string(s.Status), Number: s.Number, Level: string(s.Level), RejectReason: s.RejectReason,
		MustChangePassword: s.MustChangePassword,
		ValidFrom:          newDateCol(s.ValidFrom), ValidUntil: newDateCol(s.ValidUntil),
		ApprovalDocNo: s.ApprovalDocNo, CreatedAt: storedTime(s.CreatedAt), UpdatedAt: storedTime(s.UpdatedAt),
		PaymentRef: s.PaymentRef, RenewalReminded: s.RenewalReminded,
		MatchName: payment.MatchName(s.Name), FormMatchName: payment.MatchName(formName(s)),
		EmailVerifiedAt: storedTime(s.EmailState.VerifiedAt), VerifyMailAt: storedTime(s.EmailState.VerifyMailAt),
		VerifyMails: s.EmailState.VerifyMails, VerifyMailsSince: storedTime(s.EmailState.VerifyMailsSince),
		AttemptMailAt: storedTime(s.EmailState.AttemptMailAt),
		Version:       max(s.Version, 1), StatusReason: s.StatusReason,
		InitialUntil: storedTime(s.InitialCredentialUntil),
	}
}

// formName is the name the application form gives (it may differ from the
// registered one).
func formName(s member.Snapshot) string {
	if s.Kind == member.Individual {
		return s.Application.Individual.Name
	}
	return s.Application.Enterprise.Name
}

// snapshot returns the member's stored fields (without the application, which
// has a row of its own).
func (r *memberRow) snapshot() member.Snapshot {
	return member.Snapshot{
		ID: r.ID, Kind: member.Kind(r.Kind), Name: r.Name, Email: r.Email, PasswordHash: r.PasswordHash,
		Status: member.Status(r.Status), Number: r.Number, Level: member.Level(r.Level),
		RejectReason: r.RejectReason, MustChangePassword: r.MustChangePassword,
		ValidFrom: r.ValidFrom.t, ValidUntil: r.ValidUntil.t, ApprovalDocNo: r.ApprovalDocNo,
		PaymentRef: r.PaymentRef, RenewalReminded: r.RenewalReminded,
		CreatedAt: loadedTime(r.CreatedAt), UpdatedAt: loadedTime(r.UpdatedAt),
		EmailState: member.EmailState{VerifiedAt: loadedTime(r.EmailVerifiedAt),
			VerifyMailAt: loadedTime(r.VerifyMailAt), VerifyMails: r.VerifyMails,
			VerifyMailsSince: loadedTime(r.VerifyMailsSince), AttemptMailAt: loadedTime(r.AttemptMailAt)},
		Version: r.Version, StatusReason: r.StatusReason, InitialCredentialUntil: loadedTime(r.InitialUntil),
	}
}

// storedTime is the form a timestamp is stored in: UTC with microsecond precision,
// the precision of both SQLite text (as bun writes it) and PostgreSQL timestamptz.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// loadedTime normalizes a timestamp read back from either dialect to UTC.
func loadedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// dateCol stores a calendar day ("2006-01-02", NULL for the zero time). The day is
// the one of the time in its own location; it is read back as midnight UTC.
type dateCol struct{ t time.Time }

func newDateCol(t time.Time) dateCol {
	if t.IsZero() {
		return dateCol{}
	}
	y, m, d := t.Date()
	return dateCol{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Value implements driver.Valuer: the zero day is SQL NULL, any other day its
// "2006-01-02".
func (d dateCol) Value() (driver.Value, error) {
	if d.t.IsZero() {
		return sql.NullString{}.Value() // NULL
	}
	return d.t.Format(time.DateOnly), nil
}

// Scan implements sql.Scanner for DATE (PostgreSQL) and TEXT (SQLite) columns.
func (d *dateCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		d.t = time.Time{}
		return nil
	case time.Time:
		*d = newDateCol(v)
		return nil
	case string:
		return d.parse(v)
	case []byte:
		return d.parse(string(v))
	}
	return fmt.Errorf("bunstore: cannot scan %T into a date", src)
}

func (d *dateCol) parse(s string) error {
	if len(s) < len(time.DateOnly) {
		return fmt.Errorf("bunstore: bad date %q", s)
	}
	t, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
	if err != nil {
		return fmt.Errorf("bunstore: bad date %q: %w", s, err)
	}
	d.t = t
	return nil
}
