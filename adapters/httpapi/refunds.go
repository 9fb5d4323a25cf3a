package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
	"github.com/openassoc/membership/internal/tabular"
)

// refundListJSON is one page of 退款待办 (schema RefundList).
type refundListJSON struct {
	State    string            `json:"state"`
	Items    []paymentJSON     `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
	Pages    int               `json:"pages"`
	Counts   paymentCountsJSON `json:"counts"`
}

// listRefunds is GET /refunds?state=due|refunded: finance's 退款待办 (the
// payments with money to refund) or the refunded ones, newest first, paged,
// with both tabs' counts.
func (a *API) listRefunds(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	res, err := a.app.Queries.RefundList.Handle(req.Context(), query.RefundList{Principal: s.Principal,
		State: payment.RefundState(req.URL.Query().Get("state")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, refundListJSON{State: string(res.State), Items: paymentList(res.Items),
		Total: res.Total, Page: res.Page, PageSize: res.PageSize, Pages: res.Pages,
		Counts: newPaymentCountsJSON(res.Counts)})
}

// refundedRequest is finance's record of a refund (schema RefundRecord).
type refundedRequest struct {
	RefundedOn string `json:"refunded_on"`
	RefundRef  string `json:"refund_ref"`
	Note       string `json:"note"`
}

// markRefunded is POST /payments/{payment_id}/refunded: the refund due was paid
// back (day, reference, optional note). Marked already: 409
// refund_already_done; nothing to refund: 409 refund_not_due.
func (a *API) markRefunded(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in refundedRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	var day time.Time
	badDay := false
	if d := strings.TrimSpace(in.RefundedOn); d != "" {
		if day, err = time.Parse(time.DateOnly, d); err != nil {
			day, badDay = time.Time{}, true
		}
	}
	id := req.Param("payment_id")
	if err := a.app.Commands.MarkRefunded.Handle(req.Context(), command.MarkRefunded{Principal: s.Principal,
		PaymentID: id, RefundedOn: day, Ref: in.RefundRef, Note: in.Note}); err != nil {
		if badDay {
			return replaceField(err, "refunded_on", "date_invalid", "退款日期格式应为 YYYY-MM-DD")
		}
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: s.Principal, PaymentID: id}, http.StatusOK)
}

// exportLedger is GET /payments/ledger?format=xlsx|csv: the payment ledger
// (缴费台账) the filters select (status, method, from, to), streamed as an XLSX
// sheet or a UTF-8 CSV with a byte-order mark; audited. The filters and the
// right are checked before the first byte, so a refusal is the usual JSON error.
func (a *API) exportLedger(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	q := req.URL.Query()
	ex := query.PaymentLedger{Principal: s.Principal, Status: payment.Status(q.Get("status")),
		Method: payment.Method(q.Get("method")), From: q.Get("from"), To: q.Get("to"), Format: q.Get("format")}
	h := a.app.Queries.PaymentLedger
	if _, err := h.Check(ex); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", tabular.ContentType(ex.Format))
	hd.Set("Content-Disposition", httpkit.ContentDisposition("attachment", "缴费台账."+ex.Format, "ledger."+ex.Format))
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	tw, err := tabular.New(ex.Format, w, "缴费台账")
	if err != nil {
		return err
	}
	if _, err := h.Handle(req.Context(), ex, tw); err != nil {
		_ = tw.Close()
		return err
	}
	return tw.Close()
}
