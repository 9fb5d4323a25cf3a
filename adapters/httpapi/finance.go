package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/ports"
)

// statementField is the multipart field of a bank statement.
const statementField = "statement"

// paymentCountsJSON are the sizes of the finance queue's tabs (schema
// PaymentCounts).
type paymentCountsJSON struct {
	Open      int `json:"open"`
	Confirmed int `json:"confirmed"`
	Rejected  int `json:"rejected"`
	Duplicate int `json:"duplicate"`
	Partial   int `json:"partial"`
	RefundDue int `json:"refund_due"`
	Refunded  int `json:"refunded"`
}

func newPaymentCountsJSON(c ports.PaymentCounts) paymentCountsJSON {
	return paymentCountsJSON{Open: c.Open, Confirmed: c.Confirmed, Rejected: c.Rejected, Duplicate: c.Duplicate,
		Partial: c.Partial, RefundDue: c.RefundDue, Refunded: c.Refunded}
}

// paymentQueueJSON is one page of the finance queue (schema PaymentQueue).
type paymentQueueJSON struct {
	Status   string            `json:"status"`
	Items    []paymentJSON     `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
	Pages    int               `json:"pages"`
	Counts   paymentCountsJSON `json:"counts"`
}

// pageParams reads the optional page and page_size query parameters.
func pageParams(req bunrouter.Request) (int, int, error) {
	var v apperr.Validation
	page, size := intParam(req, "page", &v), intParam(req, "page_size", &v)
	return page, size, v.Err()
}

// listPayments is GET /payments: finance's queue (缴费确认) — claims and vouchers
// waiting (oldest first) or a tab of handled payments, with every tab's count.
func (a *API) listPayments(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	q := req.URL.Query()
	res, err := a.app.Queries.PaymentQueue.Handle(req.Context(), query.PaymentQueue{Principal: s.Principal,
		Status: payment.Status(q.Get("status")), Method: payment.Method(q.Get("method")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, paymentQueueJSON{Status: string(res.Status), Items: paymentList(res.Items),
		Total: res.Total, Page: res.Page, PageSize: res.PageSize, Pages: res.Pages,
		Counts: newPaymentCountsJSON(res.Counts)})
}

// getPayment is GET /payments/{payment_id}: one payment for finance or for the
// member it belongs to.
func (a *API) getPayment(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: s.Principal, PaymentID: req.Param("payment_id")},
		http.StatusOK)
}

// getPaymentVoucher is GET /payments/{payment_id}/voucher: the 缴费凭证 with the
// content type found at upload.
func (a *API) getPaymentVoucher(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.PaymentVoucher.Handle(req.Context(), query.PaymentVoucher{Principal: s.Principal,
		PaymentID: req.Param("payment_id")})
	if err != nil {
		return err
	}
	defer func() { _ = v.Body.Close() }()
	fallback := "voucher.jpg"
	if v.ContentType == payment.ContentTypePDF {
		fallback = "voucher.pdf"
	}
	writeBinary(w, v.ContentType, httpkit.ContentDisposition("inline", v.FileName, fallback), v.Size, v.Body)
	return nil
}

// confirmPaymentRequest is finance's confirmation (schema PaymentConfirmation).
type confirmPaymentRequest struct {
	AmountFen int64  `json:"amount_fen"`
	PaidOn    string `json:"paid_on"`
	BankRef   string `json:"bank_ref"`
	// Partial records a shortfall beyond the bank-fee tolerance as a partial
	// payment (the balance stays due).
	Partial bool `json:"partial"`
}

// confirmPayment is POST /payments/{payment_id}/confirm: what arrived (fen), the
// day and the bank's reference. A wrong amount is 422 amount_mismatch, a claim
// handled meanwhile 409 payment_already_handled; nothing changes then.
func (a *API) confirmPayment(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in confirmPaymentRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	// A malformed day goes to the core as no day (so that the policy and the other
	// fields are checked as usual) and its message is then the format's.
	var paidOn time.Time
	badDay := false
	if d := strings.TrimSpace(in.PaidOn); d != "" {
		if paidOn, err = time.Parse(time.DateOnly, d); err != nil {
			paidOn, badDay = time.Time{}, true
		}
	}
	id := req.Param("payment_id")
	if err := a.app.Commands.ConfirmPayment.Handle(req.Context(), command.ConfirmPayment{Principal: s.Principal,
		PaymentID: id, AmountFen: in.AmountFen, PaidOn: paidOn, BankRef: in.BankRef, Partial: in.Partial}); err != nil {
		if badDay {
			return replaceField(err, "paid_on", "date_invalid", "到账日期格式应为 YYYY-MM-DD")
		}
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: s.Principal, PaymentID: id}, http.StatusOK)
}

// rejectPayment is POST /payments/{payment_id}/reject with the reason the member
// sees.
func (a *API) rejectPayment(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in rejectRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id := req.Param("payment_id")
	if err := a.app.Commands.RejectPayment.Handle(req.Context(), command.RejectPayment{Principal: s.Principal,
		PaymentID: id, Reason: in.Reason}); err != nil {
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: s.Principal, PaymentID: id}, http.StatusOK)
}

// statementSummaryJSON is one uploaded statement (schema StatementSummary).
type statementSummaryJSON struct {
	ID         string `json:"id"`
	FileName   string `json:"file_name"`
	Format     string `json:"format"`
	UploadedAt string `json:"uploaded_at"`
	Lines      int    `json:"lines"`
	NewLines   int    `json:"new_lines"`
}

func newStatementSummaryJSON(s query.StatementSummary) statementSummaryJSON {
	return statementSummaryJSON{ID: s.ID, FileName: s.FileName, Format: s.Format, UploadedAt: timestamp(s.UploadedAt),
		Lines: s.Lines, NewLines: s.NewLines}
}

// statementListJSON is a page of statements (schema StatementList).
type statementListJSON struct {
	Items    []statementSummaryJSON `json:"items"`
	Total    int                    `json:"total"`
	Page     int                    `json:"page"`
	PageSize int                    `json:"page_size"`
	Pages    int                    `json:"pages"`
}

// listStatements is GET /statements: the uploaded statements, newest first.
func (a *API) listStatements(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	res, err := a.app.Queries.Statements.Handle(req.Context(), query.Statements{Principal: s.Principal, Page: page,
		PageSize: size})
	if err != nil {
		return err
	}
	out := statementListJSON{Total: res.Total, Page: res.Page, PageSize: res.PageSize, Pages: res.Pages,
		Items: make([]statementSummaryJSON, len(res.Items))}
	for i, it := range res.Items {
		out.Items[i] = newStatementSummaryJSON(it)
	}
	return a.ok(w, http.StatusOK, out)
}

// importedStatementJSON summarizes an import (schema ImportedStatement).
type importedStatementJSON struct {
	StatementID string             `json:"statement_id"`
	Lines       int                `json:"lines"`
	New         int                `json:"new"`
	Duplicates  int                `json:"duplicates"`
	Matched     int                `json:"matched"`
	Unmatched   int                `json:"unmatched"`
	Repeated    []repeatedLineJSON `json:"repeated"`
}

// repeatedLineJSON is a line of the file repeating an earlier one (schema
// RepeatedLine).
type repeatedLineJSON struct {
	Row      int `json:"row"`
	FirstRow int `json:"first_row"`
}

func newImportedStatementJSON(res command.ImportedStatement) importedStatementJSON {
	out := importedStatementJSON{StatementID: res.StatementID, Lines: res.Lines, New: res.New,
		Duplicates: res.Duplicates, Matched: res.Matched, Unmatched: res.Unmatched,
		Repeated: make([]repeatedLineJSON, len(res.Repeated))}
	for i, r := range res.Repeated {
		out.Repeated[i] = repeatedLineJSON{Row: r.Row, FirstRow: r.FirstRow}
	}
	return out
}

// uploadStatement is POST /statements: a bank statement (CSV or XLSX, at most
// 10 MB) in the multipart field "statement". Its new lines are stored with a
// proposed member each; nothing is confirmed. A malformed file is 422 on
// "statement" and nothing is stored.
func (a *API) uploadStatement(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(s.Principal, access.ConfirmPayment); err != nil {
		return err // before the body is read: a member or a reviewer sends no 10 MB
	}
	up, err := openUpload(w, req.Request, statementField, "一次只能导入1个对账单文件")
	if err != nil {
		return err
	}
	defer up.Close()
	res, err := a.app.Commands.ImportStatement.Handle(req.Context(), command.ImportStatement{
		Principal: s.Principal, FileName: up.Name, Content: up.File})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, newImportedStatementJSON(res))
}

// lineMemberJSON names a member a line concerns (schema LineMember).
type lineMemberJSON struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Number *string `json:"number"`
	Kind   string  `json:"kind"`
}

// statementLineJSON is one statement line with its proposal (schema
// StatementLine).
type statementLineJSON struct {
	ID          string           `json:"id"`
	StatementID string           `json:"statement_id"`
	Row         int              `json:"row"`
	Date        *string          `json:"date"`
	AmountFen   int64            `json:"amount_fen"`
	AmountText  string           `json:"amount_text"`
	PayerName   string           `json:"payer_name"`
	Remark      string           `json:"remark"`
	BankRef     *string          `json:"bank_ref"`
	Status      string           `json:"status"`
	StatusLabel string           `json:"status_label"`
	Match       string           `json:"match"`
	MatchLabel  string           `json:"match_label"`
	Message     string           `json:"message"`
	Member      *lineMemberJSON  `json:"member"`
	Candidates  []lineMemberJSON `json:"candidates"`
	PaymentID   *string          `json:"payment_id"`
	Confirmable bool             `json:"confirmable"`
}

func newLineMemberJSON(r query.MemberRef) lineMemberJSON {
	return lineMemberJSON{ID: r.MemberID, Name: r.Name, Number: optional(r.Number), Kind: string(r.Kind)}
}

func newStatementLines(items []query.StatementLineItem) []statementLineJSON {
	out := make([]statementLineJSON, len(items))
	for i, l := range items {
		j := statementLineJSON{ID: l.ID, StatementID: l.StatementID, Row: l.Row, Date: optionalDay(l.Date),
			AmountFen: l.AmountFen, AmountText: l.AmountText, PayerName: l.PayerName, Remark: l.Remark,
			BankRef: optional(l.BankRef), Status: string(l.Status), StatusLabel: l.StatusLabel,
			Match: string(l.Match), MatchLabel: l.MatchLabel, Message: l.Message, PaymentID: optional(l.PaymentID),
			Confirmable: l.Confirmable, Candidates: make([]lineMemberJSON, len(l.Candidates))}
		if l.Member != nil {
			m := newLineMemberJSON(*l.Member)
			j.Member = &m
		}
		for k, c := range l.Candidates {
			j.Candidates[k] = newLineMemberJSON(c)
		}
		out[i] = j
	}
	return out
}

// statementJSON is a statement with its lines (schema Statement).
type statementJSON struct {
	Statement  statementSummaryJSON `json:"statement"`
	Lines      []statementLineJSON  `json:"lines"`
	Matched    int                  `json:"matched"`
	Unmatched  int                  `json:"unmatched"`
	Ambiguous  int                  `json:"ambiguous"`
	Confirmed  int                  `json:"confirmed"`
	Ignored    int                  `json:"ignored"`
	CanConfirm bool                 `json:"can_confirm"`
}

// getStatement is GET /statements/{statement_id}: the statement's new lines with
// the proposed members and the counts.
func (a *API) getStatement(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.StatementDetail.Handle(req.Context(), query.StatementDetail{Principal: s.Principal,
		StatementID: req.Param("statement_id")})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, statementJSON{Statement: newStatementSummaryJSON(v.Statement),
		Lines: newStatementLines(v.Lines), Matched: v.Matched, Unmatched: v.Unmatched, Ambiguous: v.Ambiguous,
		Confirmed: v.Confirmed, Ignored: v.Ignored, CanConfirm: v.CanConfirm})
}

// confirmStatementRequest chooses the lines to confirm (schema
// StatementConfirmation); none means every line matched by reference code or
// assigned by finance (lines matched by name and amount only are confirmed by
// naming them).
type confirmStatementRequest struct {
	LineIDs []string `json:"line_ids"`
}

// confirmedStatementJSON reports a confirmation (schema ConfirmedStatement).
type confirmedStatementJSON struct {
	Confirmed  int      `json:"confirmed"`
	PaymentIDs []string `json:"payment_ids"`
}

// confirmStatement is POST /statements/{statement_id}/confirm: the matched lines
// become confirmed payments in one step — all or none.
func (a *API) confirmStatement(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in confirmStatementRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	res, err := a.app.Commands.ConfirmStatement.Handle(req.Context(), command.ConfirmStatement{
		Principal: s.Principal, StatementID: req.Param("statement_id"), LineIDs: in.LineIDs})
	if err != nil {
		return err
	}
	ids := res.PaymentIDs
	if ids == nil {
		ids = []string{}
	}
	return a.ok(w, http.StatusOK, confirmedStatementJSON{Confirmed: res.Confirmed, PaymentIDs: ids})
}

// statementLinePageJSON is a page of lines (schema StatementLinePage).
type statementLinePageJSON struct {
	Items    []statementLineJSON `json:"items"`
	Total    int                 `json:"total"`
	Page     int                 `json:"page"`
	PageSize int                 `json:"page_size"`
	Pages    int                 `json:"pages"`
}

// listUnmatchedLines is GET /statement-lines: the lines of every statement that
// still need finance (no, several or a wrong match), oldest first.
func (a *API) listUnmatchedLines(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	res, err := a.app.Queries.UnmatchedLines.Handle(req.Context(), query.UnmatchedLines{Principal: s.Principal,
		Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, statementLinePageJSON{Items: newStatementLines(res.Items), Total: res.Total,
		Page: res.Page, PageSize: res.PageSize, Pages: res.Pages})
}

// assignLineRequest is finance's decision on a line (schema LineAssignment).
type assignLineRequest struct {
	MemberID string `json:"member_id"`
	Ignore   bool   `json:"ignore"`
}

// assignStatementLine is POST /statement-lines/{line_id}/assign: the member the
// line pays for (who must owe exactly its amount), or ignore to set it aside.
func (a *API) assignStatementLine(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in assignLineRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.AssignStatementLine.Handle(req.Context(), command.AssignStatementLine{
		Principal: s.Principal, LineID: req.Param("line_id"), MemberID: in.MemberID, Ignore: in.Ignore}); err != nil {
		return err
	}
	return noContent(w, http.StatusNoContent)
}

// replaceField replaces the message of a field of an Invalid error (the core's
// "required" for a value the API could not read); other errors pass through.
func replaceField(err error, field, code, message string) error {
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid {
		return err
	}
	var v apperr.Validation
	v.Add(field, code, message)
	for _, fe := range e.Fields {
		if fe.Field != field {
			v.Add(fe.Field, fe.Code, fe.Message)
		}
	}
	return v.Err()
}
