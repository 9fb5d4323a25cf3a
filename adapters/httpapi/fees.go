package httpapi

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
)

// voucherField is the multipart field of a 缴费凭证.
const voucherField = "voucher"

// feesJSON is the fee schedule in fen (schema FeeSchedule).
type feesJSON struct {
	OrdinaryFen   int64 `json:"ordinary_fen"`
	CouncilFen    int64 `json:"council_fen"`
	IndividualFen int64 `json:"individual_fen"`
}

// payeeJSON is where transfers go (schema Payee).
type payeeJSON struct {
	Name    string `json:"name"`
	Account string `json:"account"`
	Bank    string `json:"bank"`
}

// memberRefJSON names the member of a payment or statement line (schema
// PaymentMember).
type memberRefJSON struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Number      *string `json:"number"`
	Kind        string  `json:"kind"`
	KindLabel   string  `json:"kind_label"`
	Level       *string `json:"level"`
	PaymentRef  *string `json:"payment_ref"`
	Status      *string `json:"status"`
	StatusLabel *string `json:"status_label"`
}

// paymentJSON is one payment (schema Payment).
type paymentJSON struct {
	ID           string         `json:"id"`
	MemberID     string         `json:"member_id"`
	Purpose      string         `json:"purpose"`
	PurposeLabel string         `json:"purpose_label"`
	Method       string         `json:"method"`
	MethodLabel  string         `json:"method_label"`
	Status       string         `json:"status"`
	StatusLabel  string         `json:"status_label"`
	AmountFen    int64          `json:"amount_fen"`
	AmountText   string         `json:"amount_text"`
	PaidFen      *int64         `json:"paid_fen"`
	FeesDeducted int64          `json:"fees_deducted_fen"`
	PaidOn       *string        `json:"paid_on"`
	BankRef      *string        `json:"bank_ref"`
	OutTradeNo   *string        `json:"out_trade_no"`
	TradeNo      *string        `json:"trade_no"`
	Source       *string        `json:"source"`
	Sandbox      bool           `json:"sandbox"`
	HasVoucher   bool           `json:"has_voucher"`
	VoucherName  *string        `json:"voucher_name"`
	Reason       *string        `json:"reason"`
	CreatedAt    string         `json:"created_at"`
	HandledAt    *string        `json:"handled_at"`
	Member       *memberRefJSON `json:"member"`
	// The money cases (issue 12 item 5).
	BalanceFen  int64   `json:"balance_fen"`
	Owing       bool    `json:"owing"`
	RefundFen   int64   `json:"refund_fen"`
	RefundState *string `json:"refund_state"`
	RefundedOn  *string `json:"refunded_on"`
	RefundRef   *string `json:"refund_ref"`
	RefundNote  *string `json:"refund_note"`
}

// optionalDay is a calendar day the core keeps as midnight UTC, or null.
func optionalDay(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return optional(t.UTC().Format(time.DateOnly))
}

func newPaymentJSON(it query.PaymentItem) paymentJSON {
	out := paymentJSON{ID: it.ID, MemberID: it.MemberID, Purpose: string(it.Purpose), PurposeLabel: it.PurposeLabel,
		Method: string(it.Method), MethodLabel: it.MethodLabel, Status: string(it.Status), StatusLabel: it.StatusLabel,
		AmountFen: it.AmountFen, AmountText: it.AmountText, FeesDeducted: it.FeesDeductedFen, PaidOn: optionalDay(it.PaidOn),
		BankRef: optional(it.BankRef), OutTradeNo: optional(it.OutTradeNo), TradeNo: optional(it.TradeNo),
		Source: optional(it.Source), Sandbox: it.Sandbox, HasVoucher: it.HasVoucher, VoucherName: optional(it.VoucherName),
		Reason: optional(it.Reason), CreatedAt: timestamp(it.CreatedAt), HandledAt: optionalTime(it.HandledAt),
		BalanceFen: it.BalanceFen, Owing: it.Owing, RefundFen: it.RefundFen, RefundState: optional(string(it.RefundState)),
		RefundedOn: optionalDay(it.Refund.On), RefundRef: optional(it.Refund.Ref), RefundNote: optional(it.Refund.Note)}
	if !it.PaidOn.IsZero() {
		fen := it.PaidFen
		out.PaidFen = &fen
	}
	if it.MemberName != "" {
		out.Member = &memberRefJSON{ID: it.MemberID, Name: it.MemberName, Number: optional(it.MemberNumber),
			Kind: string(it.MemberKind), KindLabel: it.KindLabel, Level: optional(it.MemberLevel),
			PaymentRef: optional(it.PaymentRef), Status: optional(string(it.MemberStatus)),
			StatusLabel: optional(it.MemberStatus.Label())}
		if it.MemberStatus == "" {
			out.Member.StatusLabel = nil
		}
	}
	return out
}

func paymentList(items []query.PaymentItem) []paymentJSON {
	out := make([]paymentJSON, len(items))
	for i, it := range items {
		out[i] = newPaymentJSON(it)
	}
	return out
}

// feePageJSON is the member's 缴纳会费 page (schema FeePage).
type feePageJSON struct {
	MemberID         string        `json:"member_id"`
	Name             string        `json:"name"`
	Number           *string       `json:"number"`
	Kind             string        `json:"kind"`
	KindLabel        string        `json:"kind_label"`
	Level            string        `json:"level"`
	Status           string        `json:"status"`
	StatusLabel      string        `json:"status_label"`
	ValidUntil       *string       `json:"valid_until"`
	Fees             feesJSON      `json:"fees"`
	FeesText         string        `json:"fees_text"`
	AmountDueFen     int64         `json:"amount_due_fen"`
	AmountDueText    string        `json:"amount_due_text"`
	Payee            payeeJSON     `json:"payee"`
	Remark           string        `json:"remark"`
	PaymentRef       *string       `json:"payment_ref"`
	Purpose          *string       `json:"purpose"`
	Payable          bool          `json:"payable"`
	State            string        `json:"state"`
	Invoice          string        `json:"invoice"`
	StatusLine       string        `json:"status_line"`
	CanClaim         bool          `json:"can_claim"`
	CanUploadVoucher bool          `json:"can_upload_voucher"`
	CanPayOnline     bool          `json:"can_pay_online"`
	OpenPayment      *paymentJSON  `json:"open_payment"`
	RejectReason     *string       `json:"reject_reason"`
	History          []paymentJSON `json:"history"`
	// PaidFen and OwingFen: a fee partly paid (0 and 0 otherwise).
	PaidFen  int64 `json:"paid_fen"`
	OwingFen int64 `json:"owing_fen"`
}

func newFeesJSON(f payment.Fees) feesJSON {
	return feesJSON{OrdinaryFen: f.Ordinary, CouncilFen: f.Council, IndividualFen: f.Individual}
}

func newFeePageJSON(v query.FeePageView) feePageJSON {
	out := feePageJSON{MemberID: v.MemberID, Name: v.Name, Number: optional(v.Number), Kind: string(v.Kind),
		KindLabel: v.KindLabel, Level: v.Level, Status: string(v.Status), StatusLabel: v.StatusLabel,
		ValidUntil: optionalDay(v.ValidUntil), Fees: newFeesJSON(v.Fees), FeesText: v.FeesText,
		AmountDueFen: v.AmountDueFen, AmountDueText: v.AmountDueText,
		Payee:  payeeJSON{Name: v.Payee.Name, Account: v.Payee.Account, Bank: v.Payee.Bank},
		Remark: v.Remark, PaymentRef: optional(v.PaymentRef), Payable: v.Payable, State: string(v.State),
		Invoice: string(v.Invoice), StatusLine: v.StatusLine, CanClaim: v.CanClaim,
		CanUploadVoucher: v.CanUploadVoucher, CanPayOnline: v.CanPayOnline, RejectReason: optional(v.RejectReason),
		History: paymentList(v.History), PaidFen: v.PaidFen, OwingFen: v.OwingFen}
	if v.Payable {
		out.Purpose = optional(string(v.Purpose))
	}
	if v.OpenPayment != nil {
		p := newPaymentJSON(*v.OpenPayment)
		out.OpenPayment = &p
	}
	return out
}

// getMyFees is GET /me/fees: the member's 缴纳会费 page — schedule, payee,
// reference code, 缴费状态 line, what the member may do and the payments so far.
func (a *API) getMyFees(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	// The query only reads: a member approved before reference codes were
	// assigned at approval gets its code first.
	if _, err := a.app.Commands.AssignPaymentRef.Handle(req.Context(), command.AssignPaymentRef{Principal: p}); err != nil {
		return err
	}
	v, err := a.app.Queries.FeePage.Handle(req.Context(), query.FeePage{Principal: p})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newFeePageJSON(v))
}

// paymentDetailJSON is one payment with what finance needs (schema
// PaymentDetail).
type paymentDetailJSON struct {
	paymentJSON
	DueFen     int64         `json:"due_fen"`
	CanConfirm bool          `json:"can_confirm"`
	History    []paymentJSON `json:"history"`
}

// paymentOf answers with one payment as its reader may see it.
func (a *API) paymentOf(w http.ResponseWriter, req bunrouter.Request, pr query.PaymentDetail, status int) error {
	d, err := a.app.Queries.PaymentDetail.Handle(req.Context(), pr)
	if err != nil {
		return err
	}
	return a.ok(w, status, paymentDetailJSON{paymentJSON: newPaymentJSON(d.PaymentItem), DueFen: d.DueFen,
		CanConfirm: d.CanConfirm, History: paymentList(d.History)})
}

// claimMyPayment is POST /me/fees/claim: 「申请查看缴费状态」 — the member says the
// fee was transferred; finance gets a claim to confirm.
func (a *API) claimMyPayment(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	id, err := a.app.Commands.ClaimPayment.Handle(req.Context(), command.ClaimPayment{Principal: p})
	if err != nil {
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: p, PaymentID: id}, http.StatusCreated)
}

// uploadMyVoucher is POST /me/fees/voucher: a 缴费凭证 (PDF or JPG, at most
// 10 MB) in the multipart field "voucher" opens a claim with it.
func (a *API) uploadMyVoucher(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(p, access.PayOwnFees); err != nil {
		return err // before the body is read
	}
	up, err := openUpload(w, req.Request, voucherField, "只能上传1个PDF/JPG文件")
	if err != nil {
		return err
	}
	defer up.Close()
	id, err := a.app.Commands.UploadPaymentVoucher.Handle(req.Context(), command.UploadPaymentVoucher{
		Principal: p, FileName: up.Name, Content: up.File})
	if err != nil {
		return err
	}
	return a.paymentOf(w, req, query.PaymentDetail{Principal: p, PaymentID: id}, http.StatusCreated)
}

// onlineStartedJSON is a new online order (schema OnlinePaymentStarted).
type onlineStartedJSON struct {
	PaymentID   string `json:"payment_id"`
	OutTradeNo  string `json:"out_trade_no"`
	AmountFen   int64  `json:"amount_fen"`
	Subject     string `json:"subject"`
	RedirectURL string `json:"redirect_url"`
}

// startMyOnlinePayment is POST /me/fees/online: 「支付宝付款 立即支付」 — an order
// for the fee due and the gateway URL to send the member's browser to.
func (a *API) startMyOnlinePayment(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	res, err := a.app.Commands.StartOnlinePayment.Handle(req.Context(), command.StartOnlinePayment{Principal: p})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, onlineStartedJSON{PaymentID: res.PaymentID, OutTradeNo: res.OutTradeNo,
		AmountFen: res.AmountFen, Subject: res.Subject, RedirectURL: res.RedirectURL})
}

// onlinePaymentJSON is an online order's state (schema OnlinePayment).
type onlinePaymentJSON struct {
	PaymentID   string `json:"payment_id"`
	OutTradeNo  string `json:"out_trade_no"`
	AmountFen   int64  `json:"amount_fen"`
	AmountText  string `json:"amount_text"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Paid        bool   `json:"paid"`
	Message     string `json:"message"`
}

// getMyOnlinePayment is GET /me/fees/online/{out_trade_no}: whether the gateway's
// notification confirmed the order yet.
func (a *API) getMyOnlinePayment(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	o, err := a.app.Queries.OnlinePayment.Handle(req.Context(), query.OnlinePayment{Principal: p,
		OutTradeNo: req.Param("out_trade_no")})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, onlinePaymentJSON{PaymentID: o.PaymentID, OutTradeNo: o.OutTradeNo,
		AmountFen: o.AmountFen, AmountText: o.AmountText, Status: string(o.Status), StatusLabel: o.StatusLabel,
		Paid: o.Paid, Message: o.Message})
}
