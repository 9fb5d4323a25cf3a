package webui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/internal/httpkit"
)

// Paths of the fee pages (缴纳会费), the payment gateway's callbacks and the
// finance and secretariat queues.
const (
	feesPath        = "/member/fees"
	feesClaimPath   = feesPath + "/claim"
	feesVoucherPath = feesPath + "/voucher"
	feesOnlinePath  = feesPath + "/alipay"
	cardPath        = "/member/card"

	// PaymentReturnPath is the gateway's synchronous return (return_url): the
	// member's browser comes back here after paying. The host configures the
	// core's return URL as BaseURL + PaymentReturnPath (no query string: Alipay
	// forbids one).
	PaymentReturnPath = feesPath + "/alipay/return"
	// PaymentNotifyPath is the gateway's asynchronous notification (notify_url),
	// posted form-encoded by the gateway itself: it carries no session and no
	// CSRF token, its signature is what the core checks. The host configures the
	// core's notify URL as BaseURL + PaymentNotifyPath.
	PaymentNotifyPath = "/payments/alipay/notify"
	// PaymentSandboxPath is where Config.PaymentSandbox (the embedded Alipay
	// sandbox's simulator) is mounted, for GET and POST; the same path as
	// alipay.SandboxPath.
	PaymentSandboxPath = "/sandbox/alipay/gateway.do"

	adminPaymentsPath    = "/admin/payments"
	adminStatementsPath  = "/admin/statements"
	adminMembershipsPath = "/admin/memberships"
	adminFeeSettingsPath = "/admin/settings/fees"
)

// Upload fields, hints and accepted types of the fee pages.
const (
	voucherField       = "voucher"
	voucherHint        = "支持扩展名：.pdf .jpg，不超过10MB"
	voucherAccept      = ".pdf,.jpg,.jpeg,application/pdf,image/jpeg"
	msgVoucherTooMany  = "只能上传1个PDF/JPG文件"
	statementField     = "statement"
	statementHint      = "支持银行导出的 CSV 或 XLSX 对账单，不超过10MB"
	statementAccept    = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	msgStatementTooMny = "一次只能导入1个对账单文件"
)

// maxYuanDigits bounds the integer part of an amount typed in yuan
// (¥9,999,999,999 is far above any fee).
const maxYuanDigits = 10

// parseYuan reads an amount typed in yuan — 5000, 5000.00, ¥5,000, 480.5 — into
// fen. It accepts digits with at most two decimals, an optional leading ¥ or ￥
// and thousands separators; anything else (a sign, letters, three decimals) is
// refused.
func parseYuan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(s)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(whole) > maxYuanDigits || (hasDot && (frac == "" || len(frac) > 2)) {
		return 0, false
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	yuan, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	fen, _ := strconv.ParseInt(frac, 10, 64)
	return yuan*100 + fen, true
}

// yuanValue writes fen as the value of an amount input: 5000, 480.50.
func yuanValue(fen int64) string {
	if fen%100 == 0 {
		return strconv.FormatInt(fen/100, 10)
	}
	return strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(100+fen%100, 10)[1:]
}

// parseDay reads a date input (2006-01-02) as a day in the association's time
// zone; "" is the zero time.
func (u *UI) parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation(time.DateOnly, s, u.cfg.Location)
	return t, err == nil
}

// fieldErrors merges the web layer's own field errors (input it could not read)
// into a core error: the web layer's message wins for its fields.
func fieldErrors(err error, own map[string][2]string) error {
	if len(own) == 0 {
		return err
	}
	var v apperr.Validation
	for field, ce := range own {
		v.Add(field, ce[0], ce[1])
	}
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid {
			return err
		}
		for _, fe := range e.Fields {
			if _, mine := own[fe.Field]; !mine {
				v.Add(fe.Field, fe.Code, fe.Message)
			}
		}
	}
	return v.Err()
}

// paymentRow is one payment as the fee and finance pages list it.
type paymentRow struct {
	query.PaymentItem
	Created  string // 2019-09-21 07:48
	Handled  string // "" while open
	PaidOn   string // 2019-09-21, "" until confirmed
	PaidText string // ¥5000
	Href     string // the detail page (back office)
	Voucher  string // the voucher's URL, "" without one
}

// paymentRowOf formats a payment for a page; base is the URL prefix of its
// detail page ("" for none) and voucherBase that of its voucher.
func (u *UI) paymentRowOf(it query.PaymentItem, base, voucherBase string) paymentRow {
	r := paymentRow{PaymentItem: it, Created: u.minute(it.CreatedAt)}
	if !it.HandledAt.IsZero() {
		r.Handled = u.minute(it.HandledAt)
	}
	if !it.PaidOn.IsZero() {
		r.PaidOn = calendarDay(it.PaidOn)
		r.PaidText = payment.YuanTable(it.PaidFen)
	}
	if base != "" {
		r.Href = base + "/" + url.PathEscape(it.ID)
	}
	if it.HasVoucher && voucherBase != "" {
		r.Voucher = voucherBase + "/" + url.PathEscape(it.ID) + "/voucher"
	}
	return r
}

// minute shows an instant to the minute in the association's time zone.
func (u *UI) minute(t time.Time) string { return t.In(u.cfg.Location).Format("2006-01-02 15:04") }

// calendarDay shows a calendar day the core stores as midnight UTC (validity,
// payment days) without moving it into another zone.
func calendarDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// serveVoucher sends a payment's 缴费凭证 to its member or to finance.
func serveVoucher(w http.ResponseWriter, v query.VoucherFile) error {
	defer func() { _ = v.Body.Close() }()
	fallback := "voucher.jpg"
	if v.ContentType == payment.ContentTypePDF {
		fallback = "voucher.pdf"
	}
	return writeFile(w, v.ContentType, httpkit.ContentDisposition("inline", v.FileName, fallback), v.Size, v.Body)
}

// queueLinks returns the previous and next page links of a paged list ("" when
// none); link builds the URL of a page.
func queueLinks(page, pages int, link func(int) string) (prev, next string) {
	if page > 1 {
		prev = link(page - 1)
	}
	if page < pages {
		next = link(page + 1)
	}
	return prev, next
}
