// Package payment holds the fee schedule, the payee's transfer details, payment
// claims and online orders with their rules, the 缴费状态 line, the members'
// payment reference codes and the matching of bank-statement lines. Amounts are
// integer fen (1 CNY = 100 fen) everywhere.
package payment

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
)

// Fees is the annual fee schedule in fen: one amount per tier.
type Fees struct {
	Ordinary   int64 // 普通单位会员
	Council    int64 // 理事及以上单位会员
	Individual int64 // 个人会员
	// Levels is the association's list of levels with each level's tier (nil:
	// member.DefaultLevels). It comes from the configuration, never from the
	// admin's stored override of the amounts.
	Levels member.LevelList `json:"-"`
}

// DefaultFees is the manual's schedule: ¥5000, ¥10000 and ¥480 a year.
var DefaultFees = Fees{Ordinary: 500000, Council: 1000000, Individual: 48000}

// MaxFeeFen bounds a configured fee (¥1,000,000), far above any real one.
const MaxFeeFen = 100_000_000

// For returns the annual fee of a member of a kind and level: individuals pay
// the individual fee, enterprises the amount of their level's tier.
func (f Fees) For(kind member.Kind, level member.Level) int64 {
	switch {
	case kind == member.Individual:
		return f.Individual
	case f.Levels.TierOf(level) == member.TierCouncil:
		return f.Council
	default:
		return f.Ordinary
	}
}

// WithDefaults fills the zero amounts with DefaultFees.
func (f Fees) WithDefaults() Fees {
	if f.Ordinary == 0 {
		f.Ordinary = DefaultFees.Ordinary
	}
	if f.Council == 0 {
		f.Council = DefaultFees.Council
	}
	if f.Individual == 0 {
		f.Individual = DefaultFees.Individual
	}
	return f
}

// Validate checks every fee is positive and bounded; fields are fees_ordinary,
// fees_council and fees_individual.
func (f Fees) Validate() error {
	var v apperr.Validation
	check := func(field string, fen int64) {
		if fen <= 0 {
			v.Add(field, "fee_invalid", "会费金额必须大于0")
		} else if fen > MaxFeeFen {
			v.Add(field, "fee_too_large", "会费金额过大")
		}
	}
	check("fees_ordinary", f.Ordinary)
	check("fees_council", f.Council)
	check("fees_individual", f.Individual)
	return v.Err()
}

// Remark is the note the manual asks payers to put on a transfer.
const Remark = "请注明项目：会费"

// Payee is where transfers go (会费转账信息).
type Payee struct {
	Name    string // 会费请汇至, e.g. 中国质量协会
	Account string // 银行帐号
	Bank    string // 开户行
}

// DefaultPayee is the manual's example; associations configure their own.
var DefaultPayee = Payee{Name: "中国质量协会", Account: "0200002809014498969", Bank: "工商银行北京西四支行"}

// WithDefaults fills the empty fields from DefaultPayee.
func (p Payee) WithDefaults() Payee {
	if strings.TrimSpace(p.Name) == "" {
		p.Name = DefaultPayee.Name
	}
	if strings.TrimSpace(p.Account) == "" {
		p.Account = DefaultPayee.Account
	}
	if strings.TrimSpace(p.Bank) == "" {
		p.Bank = DefaultPayee.Bank
	}
	return p
}

// Normalize trims the fields.
func (p *Payee) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Account = strings.Join(strings.Fields(p.Account), "")
	p.Bank = strings.TrimSpace(p.Bank)
}

// Validate checks a normalized payee; fields are payee_name, payee_account and
// payee_bank.
func (p Payee) Validate() error {
	var v apperr.Validation
	if p.Name == "" {
		v.Add("payee_name", "required", "请填写收款单位")
	} else if utf8.RuneCountInString(p.Name) > 100 {
		v.Add("payee_name", "too_long", "收款单位不能超过100个字符")
	}
	if p.Account == "" {
		v.Add("payee_account", "required", "请填写银行帐号")
	} else if len(p.Account) > 40 || strings.Trim(p.Account, "0123456789-") != "" {
		v.Add("payee_account", "account_invalid", "银行帐号只能包含数字和连字符，且不超过40位")
	}
	if p.Bank == "" {
		v.Add("payee_bank", "required", "请填写开户行")
	} else if utf8.RuneCountInString(p.Bank) > 100 {
		v.Add("payee_bank", "too_long", "开户行不能超过100个字符")
	}
	return v.Err()
}

// Yuan formats fen the way the fee page does: ¥5000, ¥480, ¥480.50.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	if fen%100 == 0 {
		return fmt.Sprintf("%s¥%d", sign, fen/100)
	}
	return fmt.Sprintf("%s¥%d.%02d", sign, fen/100, fen%100)
}

// YuanTable shows fen as tables print amounts, with thousands separators and
// both decimals: ¥5,000.00, ¥480.50, -¥12,345.67.
func YuanTable(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	digits := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return fmt.Sprintf("%s¥%s.%02d", sign, b.String(), fen%100)
}
