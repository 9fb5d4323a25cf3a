package bunstore

import (
	"time"

	"github.com/uptrace/bun"

	"github.com/openassoc/membership/core/domain/invoice"
)

// invoiceRow is one invoice request (table invoices, migration 0014).
type invoiceRow struct {
	bun.BaseModel `bun:"table:invoices"`

	ID           string    `bun:"id,pk"`
	MemberID     string    `bun:"member_id"`
	MemberName   string    `bun:"member_name"`
	PaymentID    string    `bun:"payment_id,nullzero"`
	IsAdvance    bool      `bun:"is_advance"`
	Title        string    `bun:"title"`
	TaxID        string    `bun:"tax_id"`
	Kind         string    `bun:"kind"`
	Address      string    `bun:"address"`
	Phone        string    `bun:"phone"`
	Bank         string    `bun:"bank"`
	Account      string    `bun:"account"`
	Email        string    `bun:"email"`
	AmountFen    int64     `bun:"amount_fen"`
	State        string    `bun:"state"`
	AdvanceState string    `bun:"advance_state"`
	Number       string    `bun:"number"`
	IssuedOn     dateCol   `bun:"issued_on"`
	IssuedFen    int64     `bun:"issued_fen"`
	FileKey      string    `bun:"file_key"`
	FileName     string    `bun:"file_name"`
	FileFormat   string    `bun:"file_format"`
	FileSize     int64     `bun:"file_size"`
	IssuedBy     string    `bun:"issued_by"`
	IssuedAt     time.Time `bun:"issued_at,nullzero"`
	AdvReason    string    `bun:"adv_reason"`
	AdvExpected  dateCol   `bun:"adv_expected_on"`
	AdvContact   string    `bun:"adv_contact"`
	AdvPhone     string    `bun:"adv_phone"`
	AdvFeeDue    int64     `bun:"adv_fee_due_fen"`
	ScanKey      string    `bun:"scan_key"`
	ScanName     string    `bun:"scan_name"`
	ScanFormat   string    `bun:"scan_format"`
	ScanSize     int64     `bun:"scan_size"`
	SettledBy    string    `bun:"settled_by"`
	SettledAt    time.Time `bun:"settled_at,nullzero"`
	WriteOff     string    `bun:"write_off_reason"`
	WrittenOffBy string    `bun:"written_off_by"`
	WrittenOffAt time.Time `bun:"written_off_at,nullzero"`
	Reason       string    `bun:"reason"`
	HandledBy    string    `bun:"handled_by"`
	Replaces     string    `bun:"replaces"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
	Version      int64     `bun:"version"`
}

func invoiceToRow(r *invoice.Request) *invoiceRow {
	s := r.Snapshot()
	d, is, a := s.Details, s.Issued, s.Advance
	return &invoiceRow{ID: s.ID, MemberID: s.MemberID, MemberName: s.MemberName, PaymentID: s.PaymentID,
		IsAdvance: s.IsAdvance, Title: d.Title, TaxID: d.TaxID, Kind: string(d.Kind), Address: d.Address,
		Phone: d.Phone, Bank: d.Bank, Account: d.Account, Email: d.Email, AmountFen: s.AmountFen,
		State: string(s.State), AdvanceState: string(r.AdvanceState()),
		Number: is.Number, IssuedOn: newDateCol(is.Date), IssuedFen: is.AmountFen, FileKey: is.File.Key,
		FileName: is.File.Name, FileFormat: is.File.Format, FileSize: is.File.Size, IssuedBy: is.StaffID,
		IssuedAt:  storedTime(is.At),
		AdvReason: a.Reason, AdvExpected: newDateCol(a.ExpectedOn), AdvContact: a.Contact, AdvPhone: a.ContactPhone,
		AdvFeeDue: a.FeeDueFen, ScanKey: a.Scan.Key, ScanName: a.Scan.Name, ScanFormat: a.Scan.Format,
		ScanSize: a.Scan.Size, SettledBy: a.SettledBy, SettledAt: storedTime(a.SettledAt),
		WriteOff: a.WriteOffReason, WrittenOffBy: a.WrittenOffBy, WrittenOffAt: storedTime(a.WrittenOffAt),
		Reason: s.Reason, HandledBy: s.HandledBy, Replaces: s.Replaces,
		CreatedAt: storedTime(s.Created), UpdatedAt: storedTime(s.Updated), Version: s.Version}
}

func (r *invoiceRow) request() *invoice.Request {
	return invoice.Restore(invoice.Snapshot{ID: r.ID, MemberID: r.MemberID, MemberName: r.MemberName,
		PaymentID: r.PaymentID, IsAdvance: r.IsAdvance,
		Details: invoice.Details{Title: r.Title, TaxID: r.TaxID, Kind: invoice.Kind(r.Kind), Address: r.Address,
			Phone: r.Phone, Bank: r.Bank, Account: r.Account, Email: r.Email},
		AmountFen: r.AmountFen, State: invoice.State(r.State),
		Issued: invoice.Issued{Number: r.Number, Date: r.IssuedOn.t, AmountFen: r.IssuedFen,
			File:    invoice.File{Key: r.FileKey, Name: r.FileName, Format: r.FileFormat, Size: r.FileSize},
			StaffID: r.IssuedBy, At: loadedTime(r.IssuedAt)},
		Advance: invoice.Advance{
			AdvanceForm: invoice.AdvanceForm{Reason: r.AdvReason, ExpectedOn: r.AdvExpected.t, Contact: r.AdvContact,
				ContactPhone: r.AdvPhone},
			Scan:      invoice.File{Key: r.ScanKey, Name: r.ScanName, Format: r.ScanFormat, Size: r.ScanSize},
			FeeDueFen: r.AdvFeeDue, SettledBy: r.SettledBy, SettledAt: loadedTime(r.SettledAt),
			WriteOffReason: r.WriteOff, WrittenOffBy: r.WrittenOffBy, WrittenOffAt: loadedTime(r.WrittenOffAt)},
		Reason: r.Reason, HandledBy: r.HandledBy, Replaces: r.Replaces,
		Created: loadedTime(r.CreatedAt), Updated: loadedTime(r.UpdatedAt), Version: r.Version})
}
