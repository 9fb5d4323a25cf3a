// Package invoice holds the invoices (开具发票) of membership fees: a member's
// request for the invoice of a confirmed payment (缴费发票), an advance invoice
// requested before the fee arrives (借发票, 「先借发票再缴费」) which stays open
// until the fee is paid or finance writes it off, and the 缴费状态 line that
// sums up payment, invoice and advance.
package invoice

// Kind is the kind of e-invoice (数电发票) asked for.
type Kind string

// The kinds.
const (
	KindPlain   Kind = "plain"   // 数电普票: title and tax ID
	KindSpecial Kind = "special" // 数电专票: also address, phone, bank and account
)

// Label returns the Chinese name.
func (k Kind) Label() string {
	if k == KindSpecial {
		return "数电专票"
	}
	return "数电普票"
}

// Kinds lists the kinds, for forms.
func Kinds() []Kind { return []Kind{KindPlain, KindSpecial} }

// State is where a request stands.
type State string

// The states.
const (
	StatePending   State = "pending"   // 待开票: waits for finance
	StateIssued    State = "issued"    // 已开票
	StateReturned  State = "returned"  // 已退回: finance returned it with a reason
	StateWithdrawn State = "withdrawn" // 已撤回: the member withdrew it before finance acted
	StateVoided    State = "voided"    // 已红冲: the issued invoice was voided (a new request replaces it)
)

// Label returns the Chinese name.
func (s State) Label() string {
	switch s {
	case StatePending:
		return "待开票"
	case StateIssued:
		return "已开票"
	case StateReturned:
		return "已退回"
	case StateWithdrawn:
		return "已撤回"
	case StateVoided:
		return "已红冲"
	}
	return string(s)
}

// Live reports whether the request still counts for its payment (only one live
// request per payment): pending or issued.
func (s State) Live() bool { return s == StatePending || s == StateIssued }

// States lists every state.
func States() []State {
	return []State{StatePending, StateIssued, StateReturned, StateWithdrawn, StateVoided}
}

// AdvanceState is where an advance invoice (借发票) stands.
type AdvanceState string

// The advance states.
const (
	AdvanceNone       AdvanceState = ""            // not an advance, or none asked
	AdvanceRequested  AdvanceState = "requested"   // 借发票申请中: waits for finance
	AdvanceOpen       AdvanceState = "open"        // 已借发票: issued, the fee has not arrived (借票未回款)
	AdvanceSettled    AdvanceState = "settled"     // the fee arrived and settled it
	AdvanceWrittenOff AdvanceState = "written_off" // finance wrote it off with a reason
	AdvanceClosed     AdvanceState = "closed"      // returned, withdrawn or voided before it was settled
)

// Label returns the Chinese name.
func (a AdvanceState) Label() string {
	switch a {
	case AdvanceRequested:
		return "借发票申请中"
	case AdvanceOpen:
		return "借票未回款"
	case AdvanceSettled:
		return "已回款"
	case AdvanceWrittenOff:
		return "已核销"
	case AdvanceClosed:
		return "已关闭"
	}
	return "无"
}

// AdvanceStates lists every advance state.
func AdvanceStates() []AdvanceState {
	return []AdvanceState{AdvanceNone, AdvanceRequested, AdvanceOpen, AdvanceSettled, AdvanceWrittenOff,
		AdvanceClosed}
}

// File is a stored file of a request: the e-invoice or the stamped 《提前开票申请》.
type File struct {
	Key    string // the FileStore key
	Name   string // the uploaded name
	Format string // pdf, ofd, xml, png, jpg
	Size   int64
}

// Present reports whether a file is stored.
func (f File) Present() bool { return f.Key != "" }

// ContentType returns the file's MIME type.
func (f File) ContentType() string {
	switch f.Format {
	case "pdf":
		return "application/pdf"
	case "ofd":
		return "application/ofd"
	case "xml":
		return "application/xml"
	case "png":
		return "image/png"
	case "jpg":
		return "image/jpeg"
	}
	return "application/octet-stream"
}

// Error codes of the rules.
const (
	ErrNotConfirmed   = "payment_not_confirmed"
	ErrAlreadyAsked   = "invoice_exists"
	ErrHandled        = "invoice_already_handled"
	ErrChanged        = "invoice_changed"
	ErrAmount         = "amount_mismatch"
	ErrNotAdvance     = "not_advance"
	ErrAdvanceSettled = "advance_not_open"
)
