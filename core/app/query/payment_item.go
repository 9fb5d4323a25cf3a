package query

import (
	"fmt"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// PaymentItem is one payment as members and finance see it.
type PaymentItem struct {
	ID           string
	MemberID     string
	Purpose      payment.Purpose
	PurposeLabel string
	Method       payment.Method
	MethodLabel  string
	Status       payment.Status
	StatusLabel  string
	AmountFen    int64  // due (claims) or ordered (online)
	AmountText   string // ¥5000
	PaidFen      int64
	PaidOn       time.Time // midnight UTC of the day the money arrived
	BankRef      string
	OutTradeNo   string
	TradeNo      string
	Source       string // finance, statement, gateway
	// Sandbox is true for a payment a sandbox gateway reported: no real money
	// moved, so it is shown as 沙箱支付（未实际收款）.
	Sandbox     bool
	HasVoucher  bool
	VoucherName string
	Reason      string // rejection or closing reason
	// FeesDeductedFen is the bank fees deducted from a payment confirmed as
	// paid in full although less arrived (the reason then says so).
	FeesDeductedFen int64
	CreatedAt       time.Time
	HandledAt       time.Time
	// The money cases: BalanceFen is what a partial payment left owing (Owing
	// while no later payment completed the fee); RefundFen the money to refund
	// (excess or duplicate), RefundState/RefundLabel where it stands and Refund
	// finance's record of it.
	BalanceFen  int64
	Owing       bool
	RefundFen   int64
	RefundState payment.RefundState
	RefundLabel string
	Refund      payment.Refund

	// The member (filled in staff lists and details).
	MemberName   string
	MemberNumber string
	MemberKind   member.Kind
	KindLabel    string
	MemberLevel  string
	PaymentRef   string
	MemberStatus member.Status
}

// paymentItem maps a payment (and its member, when m is not nil).
func paymentItem(p *payment.Payment, m *member.Member) PaymentItem {
	it := PaymentItem{ID: p.ID(), MemberID: p.MemberID(), Purpose: p.Purpose(), PurposeLabel: p.Purpose().Label(),
		Method: p.Method(), MethodLabel: p.Method().Label(), Status: p.Status(), StatusLabel: p.Status().Label(),
		AmountFen: p.AmountFen(), AmountText: payment.YuanTable(p.AmountFen()), PaidFen: p.PaidFen(), PaidOn: p.PaidOn(),
		BankRef: p.BankRef(), OutTradeNo: p.OutTradeNo(), TradeNo: p.TradeNo(), Source: p.Source(),
		Sandbox: p.Sandbox(), HasVoucher: p.Voucher().Present(), VoucherName: p.Voucher().FileName, Reason: p.Reason(),
		CreatedAt: p.Created(), HandledAt: p.Handled()}
	if p.Method() == payment.MethodAlipay && p.Status() == payment.StatusOpen && !p.SandboxReported() {
		it.StatusLabel = "待支付" // a sandbox-reported order is open for finance: 待确认
	}
	if it.FeesDeductedFen = p.FeesDeductedFen(); it.FeesDeductedFen > 0 && it.Reason == "" {
		it.Reason = fmt.Sprintf("实收%s，银行手续费%s，按足额确认", payment.Yuan(p.PaidFen()), payment.Yuan(it.FeesDeductedFen))
	}
	addMoneyCases(&it, p)
	if it.HasVoucher && it.VoucherName == "" {
		it.VoucherName = fmt.Sprintf("缴费凭证%s", p.Voucher().Extension())
	}
	if m != nil {
		it.MemberName, it.MemberNumber, it.MemberKind = m.Name(), m.Number(), m.Kind()
		it.KindLabel, it.MemberLevel, it.PaymentRef, it.MemberStatus = m.Kind().Label(), string(m.Level()),
			m.PaymentRef(), m.Status()
	}
	return it
}

// addMoneyCases fills the partial payment's balance and the refund, and words
// them in the reason (实收¥4000，尚欠¥1000 / 多收¥200，退款待办).
func addMoneyCases(it *PaymentItem, p *payment.Payment) {
	it.BalanceFen, it.Owing = p.BalanceFen(), p.Owing()
	it.RefundFen, it.RefundState, it.RefundLabel, it.Refund = p.RefundFen(), p.RefundState(), p.RefundState().Label(),
		p.RefundInfo()
	switch {
	case p.Status() == payment.StatusPartial && it.Reason == "":
		it.Reason = fmt.Sprintf("部分缴费：实收%s，尚欠%s", payment.Yuan(p.PaidFen()), payment.Yuan(it.BalanceFen))
		if !it.Owing {
			it.Reason += "（已由后续缴费补齐）"
		}
	case p.Status() == payment.StatusConfirmed && it.RefundFen > 0 && it.Reason == "":
		it.Reason = fmt.Sprintf("实收%s，多收%s，%s", payment.Yuan(p.PaidFen()), payment.Yuan(it.RefundFen),
			it.RefundLabel)
	}
}
