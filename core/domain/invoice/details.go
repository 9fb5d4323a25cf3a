package invoice

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Details are what the member fills in for an invoice: the title (发票抬头),
// the taxpayer ID (纳税人识别号), the kind, the 专票's address, phone, bank and
// account, and the email that receives the e-invoice.
type Details struct {
	Title   string
	TaxID   string
	Kind    Kind
	Address string
	Phone   string
	Bank    string
	Account string
	Email   string
}

// Normalize trims the fields and upper-cases the tax ID.
func (d Details) Normalize() Details {
	tr := strings.TrimSpace
	d.Title, d.TaxID, d.Address, d.Phone = tr(d.Title), strings.ToUpper(tr(d.TaxID)), tr(d.Address), tr(d.Phone)
	d.Bank, d.Account, d.Email = tr(d.Bank), strings.ReplaceAll(tr(d.Account), " ", ""), strings.ToLower(tr(d.Email))
	if d.Kind == "" {
		d.Kind = KindPlain
	}
	return d
}

// Validate checks normalized details field by field: the title (2–100
// characters), the tax ID (a 统一社会信用代码 with its check character; required
// when taxIDRequired, i.e. for organisations), a known kind, for a 专票 the
// address, phone, bank and account, and the email.
func (d Details) Validate(taxIDRequired bool) error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		v.Add("title", "required", "请填写申请开票企业名称（发票抬头）")
	case n < 2:
		v.Add("title", "too_short", "发票抬头至少2个字符")
	case n > 100:
		v.Add("title", "too_long", "发票抬头不能超过100个字符")
	case strings.ContainsAny(d.Title, "<>"):
		v.Add("title", "invalid_char", "发票抬头不能包含 < 或 >")
	}
	checkTaxID(&v, d.TaxID, taxIDRequired)
	if d.Kind != KindPlain && d.Kind != KindSpecial {
		v.Add("kind", "invalid", "请选择发票类型（数电普票或数电专票）")
	}
	if d.Kind == KindSpecial {
		required(&v, "address", d.Address, "数电专票须填写注册地址", 200)
		required(&v, "phone", d.Phone, "数电专票须填写注册电话", 30)
		required(&v, "bank", d.Bank, "数电专票须填写开户银行", 100)
		required(&v, "account", d.Account, "数电专票须填写银行账号", 40)
	}
	switch {
	case d.Email == "":
		v.Add("email", "required", "请填写接收电子发票的邮箱")
	case !application.ValidEmail(d.Email) || len(d.Email) > 254:
		v.Add("email", "invalid", "邮箱格式不正确")
	}
	return v.Err()
}

func checkTaxID(v *apperr.Validation, taxID string, isRequired bool) {
	if taxID == "" {
		if isRequired {
			v.Add("tax_id", "required", "请填写纳税人识别号（统一社会信用代码）")
		}
		return
	}
	switch application.CheckUSCC(taxID) {
	case application.USCCLength:
		v.Add("tax_id", "uscc_length", "纳税人识别号应为18位统一社会信用代码")
	case application.USCCCharacters:
		v.Add("tax_id", "uscc_invalid_char", "纳税人识别号只能由数字和大写字母组成（不含 I、O、Z、S、V）")
	case application.USCCCheck:
		v.Add("tax_id", "uscc_checksum", "纳税人识别号校验位错误，请核对")
	}
}

func required(v *apperr.Validation, field, value, msg string, maxLen int) {
	switch {
	case value == "":
		v.Add(field, "required", msg)
	case utf8.RuneCountInString(value) > maxLen:
		v.Add(field, "too_long", "内容过长")
	}
}

// AdvanceForm is what an advance invoice (借发票) request adds: why, when the
// fee will be paid, and whom finance may call.
type AdvanceForm struct {
	Reason       string
	ExpectedOn   time.Time // the day the member expects to pay (midnight UTC of the calendar day)
	Contact      string
	ContactPhone string
}

// Validate checks the form against today (the expected day may not be past).
func (a AdvanceForm) Validate(today time.Time) error {
	var v apperr.Validation
	a.Reason, a.Contact, a.ContactPhone = strings.TrimSpace(a.Reason), strings.TrimSpace(a.Contact),
		strings.TrimSpace(a.ContactPhone)
	required(&v, "reason", a.Reason, "请填写借发票事由", 500)
	switch {
	case a.ExpectedOn.IsZero():
		v.Add("expected_on", "required", "请填写预计缴费日期")
	case a.ExpectedOn.Before(today):
		v.Add("expected_on", "past", "预计缴费日期不能早于今天")
	case a.ExpectedOn.After(today.AddDate(1, 0, 0)):
		v.Add("expected_on", "too_late", "预计缴费日期不能晚于一年以后")
	}
	required(&v, "contact", a.Contact, "请填写联系人", 50)
	switch {
	case a.ContactPhone == "":
		v.Add("contact_phone", "required", "请填写联系电话")
	case !application.ValidPhone(a.ContactPhone) && !application.ValidMobile(a.ContactPhone):
		v.Add("contact_phone", "invalid", "联系电话格式不正确")
	}
	return v.Err()
}
