package query

import (
	"context"
	"io"
	"net/url"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// FeeDeps are the ports the fee queries read.
type FeeDeps struct {
	Members    ports.MemberRepository
	Payments   ports.PaymentRepository
	Statements ports.StatementRepository
	Lookup     ports.MemberLookup
	Files      ports.FileStore
	Gateway    ports.PaymentGateway // nil: no online payment
	Authorizer ports.Authorizer
	Clock      ports.Clock
	Settings   *feesettings.Source
	// EnsureRef assigns a member's payment reference code when it has none yet
	// (members approved before codes existed); nil leaves it empty.
	EnsureRef func(ctx context.Context, memberID string) (string, error)
	Location  *time.Location
}

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
	CreatedAt   time.Time
	HandledAt   time.Time

	// The member (filled in staff lists and details).
	MemberName   string
	MemberNumber string
	MemberKind   member.Kind
	KindLabel    string
	MemberLevel  string
	PaymentRef   string
	MemberStatus member.Status
}

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

	// Fees is the whole schedule, FeesText the manual's line:
	// 普通单位会员¥5000/年 理事及以上单位会员¥10000/年 个人会员¥480/年.
	Fees     payment.Fees
	FeesText string
	// AmountDueFen is this member's annual fee; AmountDueText e.g. ¥480/年.
	AmountDueFen  int64
	AmountDueText string
	Payee         payment.Payee
	Remark        string // 请注明项目：会费
	PaymentRef    string // the code to write in the transfer's remark

	// Purpose is what a payment now would be for; Payable is false when nothing
	// is due (paid and not yet renewing, or not yet approved).
	Purpose    payment.Purpose
	Payable    bool
	State      payment.State
	Invoice    payment.InvoiceState
	StatusLine string // 缴费状态：未缴费-未开发票 …

	CanClaim         bool // 「申请查看缴费状态」 is enabled
	CanUploadVoucher bool
	CanPayOnline     bool // 「支付宝付款 立即支付」 is offered (individuals, gateway configured)
	OpenPayment      *PaymentItem
	RejectReason     string // why the last claim was returned, while it matters
	History          []PaymentItem
}

// FeePageHandler builds the 缴纳会费 page.
type FeePageHandler struct{ d FeeDeps }

// NewFeePageHandler builds the handler.
func NewFeePageHandler(d FeeDeps) *FeePageHandler { return &FeePageHandler{d: d} }

// Handle returns the principal's own page (members only, payment:read).
func (h *FeePageHandler) Handle(ctx context.Context, q FeePage) (FeePageView, error) {
	return feePage(ctx, h.d, q)
}

// OnlinePayment asks for the state of one of the member's online orders (the
// page the gateway returns to polls it).
type OnlinePayment struct {
	Principal  access.Principal
	OutTradeNo string
}

// OnlinePaymentView is an online order's state.
type OnlinePaymentView struct {
	PaymentID   string
	OutTradeNo  string
	AmountFen   int64
	AmountText  string
	Status      payment.Status
	StatusLabel string
	Paid        bool   // confirmed (the notification arrived)
	Message     string // what to tell the member
}

// OnlinePaymentHandler reads online orders.
type OnlinePaymentHandler struct{ d FeeDeps }

// NewOnlinePaymentHandler builds the handler.
func NewOnlinePaymentHandler(d FeeDeps) *OnlinePaymentHandler { return &OnlinePaymentHandler{d: d} }

// Handle returns the order of the principal (another member's is NotFound).
func (h *OnlinePaymentHandler) Handle(ctx context.Context, q OnlinePayment) (OnlinePaymentView, error) {
	return onlinePayment(ctx, h.d, q)
}

// OnlinePaymentReturn is the gateway's synchronous return (return_url): the
// browser comes back with signed query parameters.
type OnlinePaymentReturn struct {
	Principal access.Principal
	Query     url.Values
}

// OnlinePaymentReturnHandler verifies returns.
type OnlinePaymentReturnHandler struct{ d FeeDeps }

// NewOnlinePaymentReturnHandler builds the handler.
func NewOnlinePaymentReturnHandler(d FeeDeps) *OnlinePaymentReturnHandler {
	return &OnlinePaymentReturnHandler{d: d}
}

// Handle verifies the return's signature and shows the order's state. It changes
// nothing: only the asynchronous notification confirms a payment, so the view
// may say the payment is still being processed.
func (h *OnlinePaymentReturnHandler) Handle(ctx context.Context, q OnlinePaymentReturn) (OnlinePaymentView, error) {
	return onlinePaymentReturn(ctx, h.d, q)
}

// PaymentQueue asks for one page of finance's payment queue.
type PaymentQueue struct {
	Principal access.Principal
	// Status is the tab: open (default: claims and vouchers waiting for finance,
	// oldest first), confirmed, rejected or duplicate.
	Status   payment.Status
	Method   payment.Method // empty for every method
	Page     int
	PageSize int
}

// PaymentQueuePage is one page of the queue with the counts of every tab.
type PaymentQueuePage struct {
	Status   payment.Status
	Items    []PaymentItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	Counts   ports.PaymentCounts
}

// PaymentQueueHandler lists payments for finance.
type PaymentQueueHandler struct{ d FeeDeps }

// NewPaymentQueueHandler builds the handler.
func NewPaymentQueueHandler(d FeeDeps) *PaymentQueueHandler { return &PaymentQueueHandler{d: d} }

// Handle returns the page for staff allowed payment:read (finance, admin).
func (h *PaymentQueueHandler) Handle(ctx context.Context, q PaymentQueue) (PaymentQueuePage, error) {
	return paymentQueue(ctx, h.d, q)
}

// PaymentDetail asks for one payment.
type PaymentDetail struct {
	Principal access.Principal
	PaymentID string
}

// PaymentDetailView is a payment with what finance needs to decide.
type PaymentDetailView struct {
	PaymentItem
	DueFen     int64 // what the member owes now (0 if nothing)
	CanConfirm bool  // open claim and the principal may confirm
	// History is the member's other payments, newest first.
	History []PaymentItem
}

// PaymentDetailHandler shows payments.
type PaymentDetailHandler struct{ d FeeDeps }

// NewPaymentDetailHandler builds the handler.
func NewPaymentDetailHandler(d FeeDeps) *PaymentDetailHandler { return &PaymentDetailHandler{d: d} }

// Handle returns the payment for its member or for staff allowed payment:read.
func (h *PaymentDetailHandler) Handle(ctx context.Context, q PaymentDetail) (PaymentDetailView, error) {
	return paymentDetail(ctx, h.d, q)
}

// PaymentVoucher asks for a payment's 缴费凭证.
type PaymentVoucher struct {
	Principal access.Principal
	PaymentID string
}

// VoucherFile is a voucher's content; the caller closes Body.
type VoucherFile struct {
	Body        io.ReadCloser
	ContentType string // application/pdf or image/jpeg, as checked at upload
	Size        int64
	FileName    string
}

// PaymentVoucherHandler serves vouchers.
type PaymentVoucherHandler struct{ d FeeDeps }

// NewPaymentVoucherHandler builds the handler.
func NewPaymentVoucherHandler(d FeeDeps) *PaymentVoucherHandler { return &PaymentVoucherHandler{d: d} }

// Handle opens the voucher for its member or staff allowed payment:read.
func (h *PaymentVoucherHandler) Handle(ctx context.Context, q PaymentVoucher) (VoucherFile, error) {
	return paymentVoucher(ctx, h.d, q)
}

// MemberRef names a member in lists.
type MemberRef struct {
	MemberID string
	Name     string
	Number   string
	Kind     member.Kind
}

// StatementSummary is one uploaded statement.
type StatementSummary struct {
	ID         string
	FileName   string
	Format     string
	StaffID    string
	UploadedAt time.Time
	Lines      int
	NewLines   int
}

// StatementLineItem is one statement line with its proposal.
type StatementLineItem struct {
	ID          string
	StatementID string
	Row         int
	Date        time.Time
	AmountFen   int64
	AmountText  string
	PayerName   string
	Remark      string
	BankRef     string
	Status      payment.LineStatus
	StatusLabel string
	Match       payment.MatchKind
	MatchLabel  string
	Message     string
	Member      *MemberRef  // the proposed or confirmed member
	Candidates  []MemberRef // the members an ambiguous line fits
	PaymentID   string      // the payment a confirmed line recorded
	Confirmable bool
}

// Statements asks for the list of uploaded statements.
type Statements struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// StatementList is a page of statements, newest first.
type StatementList struct {
	Items    []StatementSummary
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// StatementsHandler lists statements.
type StatementsHandler struct{ d FeeDeps }

// NewStatementsHandler builds the handler.
func NewStatementsHandler(d FeeDeps) *StatementsHandler { return &StatementsHandler{d: d} }

// Handle returns the page for staff allowed payment:read.
func (h *StatementsHandler) Handle(ctx context.Context, q Statements) (StatementList, error) {
	return statements(ctx, h.d, q)
}

// StatementDetail asks for one statement with its lines.
type StatementDetail struct {
	Principal   access.Principal
	StatementID string
}

// StatementView is a statement, its lines and their counts.
type StatementView struct {
	Statement StatementSummary
	Lines     []StatementLineItem
	Matched   int // confirmable, waiting
	Unmatched int // need finance
	Ambiguous int // among Unmatched: fit several members
	Confirmed int
	Ignored   int
	// CanConfirm is true when the principal may confirm and every matched line
	// may be confirmed in one step (no ambiguous line is left).
	CanConfirm bool
}

// StatementDetailHandler shows statements.
type StatementDetailHandler struct{ d FeeDeps }

// NewStatementDetailHandler builds the handler.
func NewStatementDetailHandler(d FeeDeps) *StatementDetailHandler {
	return &StatementDetailHandler{d: d}
}

// Handle returns the statement for staff allowed payment:read.
func (h *StatementDetailHandler) Handle(ctx context.Context, q StatementDetail) (StatementView, error) {
	return statementDetail(ctx, h.d, q)
}

// UnmatchedLines asks for the lines of every statement that still need finance.
type UnmatchedLines struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// StatementLinePage is a page of lines.
type StatementLinePage struct {
	Items    []StatementLineItem
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// UnmatchedLinesHandler lists unmatched lines.
type UnmatchedLinesHandler struct{ d FeeDeps }

// NewUnmatchedLinesHandler builds the handler.
func NewUnmatchedLinesHandler(d FeeDeps) *UnmatchedLinesHandler { return &UnmatchedLinesHandler{d: d} }

// Handle returns the page for staff allowed payment:read, oldest first.
func (h *UnmatchedLinesHandler) Handle(ctx context.Context, q UnmatchedLines) (StatementLinePage, error) {
	return unmatchedLines(ctx, h.d, q)
}

// SecretariatQueue asks for the members awaiting the secretariat's approval.
type SecretariatQueue struct {
	Principal access.Principal
	Kind      member.Kind // empty for both
	Page      int
	PageSize  int
}

// MembershipItem is one member awaiting approval.
type MembershipItem struct {
	MemberID    string
	Name        string
	Number      string
	Kind        member.Kind
	KindLabel   string
	Level       string
	Email       string
	ForwardedAt time.Time
	Payment     *PaymentItem // the confirmed first fee
}

// SecretariatQueuePage is one page of the queue.
type SecretariatQueuePage struct {
	Items    []MembershipItem
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// SecretariatQueueHandler lists members awaiting approval.
type SecretariatQueueHandler struct{ d FeeDeps }

// NewSecretariatQueueHandler builds the handler.
func NewSecretariatQueueHandler(d FeeDeps) *SecretariatQueueHandler {
	return &SecretariatQueueHandler{d: d}
}

// Handle returns the page for staff allowed membership:read (secretariat, admin).
func (h *SecretariatQueueHandler) Handle(ctx context.Context, q SecretariatQueue) (SecretariatQueuePage, error) {
	return secretariatQueue(ctx, h.d, q)
}

// FeeSettings asks for the fee schedule and payee in force.
type FeeSettings struct {
	Principal access.Principal
}

// FeeSettingsView is the settings in force.
type FeeSettingsView struct {
	Fees      payment.Fees
	Payee     payment.Payee
	Remark    string
	UpdatedAt time.Time // zero: the configuration's values
	UpdatedBy string
	// Writable is true when the principal may change them (admin) and a settings
	// store is configured.
	Writable bool
}

// FeeSettingsHandler reads the settings.
type FeeSettingsHandler struct{ d FeeDeps }

// NewFeeSettingsHandler builds the handler.
func NewFeeSettingsHandler(d FeeDeps) *FeeSettingsHandler { return &FeeSettingsHandler{d: d} }

// Handle returns the settings for staff allowed payment:read or staff:manage.
func (h *FeeSettingsHandler) Handle(ctx context.Context, q FeeSettings) (FeeSettingsView, error) {
	return feeSettings(ctx, h.d, q)
}
