package query

import (
	"context"
	"fmt"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/invoice"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// FeePage asks for the member's own 缴纳会费 page.
type FeePage struct {
	Principal access.Principal
}

// FeePageView is the 缴纳会费 page of one member.
type FeePageView struct {
	MemberID    string
	Name        string
	Number      string
	Kind        member.Kind
	KindLabel   string
	Level       string
	Status      member.Status
	StatusLabel string
	ValidUntil  time.Time
	// StatusReason is why a suspended or withdrawn member may not pay.
	StatusReason string

	// Fees is the whole schedule, FeesText the manual's line:
	// 普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年.
	Fees     payment.Fees
	FeesText string
	// AmountDueFen is this member's annual fee; AmountDueText e.g. ¥480/年.
	AmountDueFen  int64
	AmountDueText string
	// PaidFen and OwingFen are, for a fee partly paid (partial payments whose
	// balance is still due), what arrived so far and the balance the next
	// payment is for; OwingText words them (已缴¥4000，尚欠¥1000).
	PaidFen, OwingFen int64
	OwingText         string
	Payee             payment.Payee
	Remark            string // 请注明项目：会费
	PaymentRef        string // the code to write in the transfer's remark

	// Purpose is what a payment now would be for; Payable is false when nothing
	// is due (paid and not yet renewing, or not yet approved).
	Purpose    payment.Purpose
	Payable    bool
	State      payment.State
	Invoice    payment.InvoiceState
	StatusLine string // 缴费状态：未缴费-未开发票 …
	// Invoices is where the member's invoice and advance invoice stand.
	Invoices invoice.Standing
	// CanRequestAdvance offers 「申请借发票」: a fee is due and no advance is open
	// or requested.
	CanRequestAdvance bool

	CanClaim         bool // 「申请查看缴费状态」 is enabled
	CanUploadVoucher bool
	CanPayOnline     bool // 「支付宝付款 立即支付」 is offered (individuals, gateway configured, nothing awaiting finance)
	// OnlineHeld says online payment is held back because a claim or voucher
	// awaits finance (it would pay the fee twice).
	OnlineHeld   bool
	OpenPayment  *PaymentItem
	RejectReason string // why the last claim was returned, while it matters
	History      []PaymentItem
}

// FeePageHandler builds the 缴纳会费 page.
type FeePageHandler struct {
	members  ports.MemberRepository
	payments ports.PaymentRepository
	settings *feesettings.Source
	gateway  ports.PaymentGateway // nil: no online payment
	authz    ports.Authorizer
	invoices ports.InvoiceRepository // nil: no invoices
}

// WithInvoices makes the page show the invoice's state from repo.
func (h *FeePageHandler) WithInvoices(repo ports.InvoiceRepository) *FeePageHandler {
	h.invoices = repo
	return h
}

// NewFeePageHandler builds the handler; a nil gateway offers no online payment.
func NewFeePageHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	settings *feesettings.Source, gateway ports.PaymentGateway, authz ports.Authorizer) *FeePageHandler {
	return &FeePageHandler{members: members, payments: payments, settings: settings, gateway: gateway, authz: authz}
}

// Handle returns the principal's own page (members only, payment:read). It
// only reads: the payment reference code shown is the one stored (the inbound
// adapters run command AssignPaymentRef first for members approved before
// codes were assigned at approval).
func (h *FeePageHandler) Handle(ctx context.Context, q FeePage) (FeePageView, error) {
	p := q.Principal
	if err := access.Authorize(h.authz, p, access.ReadOwnFees, p.ID); err != nil {
		return FeePageView{}, err
	}
	m, err := h.members.Get(ctx, p.ID)
	if err != nil {
		return FeePageView{}, err
	}
	st, err := h.settings.Current(ctx)
	if err != nil {
		return FeePageView{}, apperr.Internal(err)
	}
	ps, err := h.payments.ListForMember(ctx, m.ID(), 50)
	if err != nil {
		return FeePageView{}, apperr.Internal(err)
	}
	v := newFeePageView(m, st)
	v.addPayments(m, ps)
	if err := v.addInvoices(ctx, h.invoices, m, ps); err != nil {
		return FeePageView{}, err
	}
	// Online payment is offered only with a gateway (Alipay, or the sandbox a
	// local trial opts into), and not again while a payment awaits finance.
	v.CanPayOnline = v.Payable && m.Kind() == member.Individual && h.gateway != nil && v.OpenPayment == nil
	v.OnlineHeld = v.Payable && m.Kind() == member.Individual && h.gateway != nil && v.OpenPayment != nil
	return v, nil
}

// RenewalYear is the membership year a renewal now pays for (「请缴纳2027年度
// 会费」): the year in which most of the renewed year lies, i.e. the year of
// its middle (valid until 2026-12-20 → 2027年度, until 2027-03-31 → 2027年度).
func (v FeePageView) RenewalYear() int {
	return v.ValidUntil.AddDate(0, 6, 1).Year()
}

// newFeePageView maps the member and the settings in force.
func newFeePageView(m *member.Member, st feesettings.Settings) FeePageView {
	amount := st.Fees.For(m.Kind(), m.Level())
	v := FeePageView{MemberID: m.ID(), Name: m.Name(), Number: m.Number(), Kind: m.Kind(), KindLabel: m.Kind().Label(),
		Level: string(m.Level()), Status: m.Status(), StatusLabel: m.Status().Label(), ValidUntil: m.ValidUntil(),
		Fees: st.Fees, FeesText: FeesText(st.Fees), AmountDueFen: amount, AmountDueText: fmt.Sprintf("%s/年", payment.Yuan(amount)),
		Payee: st.Payee, Remark: payment.Remark, PaymentRef: m.PaymentRef(), Invoice: payment.InvoiceNone,
		StatusReason: m.StatusReason()}
	v.Purpose, v.Payable = payment.PurposeFor(m.Status())
	return v
}

// addPayments fills the history (ps, newest first), the open claim, the state
// and what the member may do now.
func (v *FeePageView) addPayments(m *member.Member, ps []*payment.Payment) {
	v.History = make([]PaymentItem, 0, len(ps))
	var open, lastRejected *payment.Payment
	for _, pay := range ps {
		v.History = append(v.History, paymentItem(pay, nil))
		if pay.AwaitsFinance() && open == nil { // a claim, a voucher or a sandbox payment
			open = pay
		}
		if pay.Status() == payment.StatusRejected && lastRejected == nil {
			lastRejected = pay
		}
	}
	if open != nil {
		it := paymentItem(open, nil)
		v.OpenPayment = &it
	}
	v.State = payment.StateOf(m.Status(), open != nil)
	if v.Payable {
		if v.PaidFen = payment.Paid(ps, v.Purpose); v.PaidFen > 0 {
			v.OwingFen = max(v.AmountDueFen-v.PaidFen, 0)
			v.OwingText = payment.OwingText(v.PaidFen, v.OwingFen)
			if v.State == payment.StateUnpaid {
				v.State = payment.StatePartial
			}
		}
	}
	v.StatusLine = payment.StatusLine(m.Kind(), v.State, v.Invoice)
	v.CanClaim = v.Payable && open == nil && m.Status() != member.StatusPaymentClaimed
	v.CanUploadVoucher = v.CanClaim
	if lastRejected != nil && v.CanClaim && ps[0] == lastRejected {
		v.RejectReason = lastRejected.Reason() // the latest claim was returned
	}
}

// FeesText is the schedule line of the 缴纳会费 page.
func FeesText(f payment.Fees) string {
	return fmt.Sprintf("普通单位会员%s/年 理事及以上单位会员%s/年 个人会员%s/年",
		payment.Yuan(f.Ordinary), payment.Yuan(f.Council), payment.Yuan(f.Individual))
}
