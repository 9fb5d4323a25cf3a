package app

import (
	"time"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/auth"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// Options tune the use cases.
type Options struct {
	Site eventhandler.Site
	// CaptchaTestMode makes slider challenges reveal their answer, for automated
	// browser tests only.
	CaptchaTestMode bool
	AccountThrottle auth.ThrottlePolicy
	AddressThrottle auth.ThrottlePolicy
	// ChallengeThrottle bounds the slider challenges per client address
	// (default auth.ChallengeThrottle).
	ChallengeThrottle auth.ThrottlePolicy
	// NumberFormats are the member-number patterns (default: the manual's
	// {YY}{SEQ:6} and GR{YY}{SEQ:4}).
	NumberFormats command.NumberFormats
	// Fees and Payee are the configured fee schedule and payee (zero fields: the
	// manual's values); the admin may override them when Deps.Settings is set.
	Fees  payment.Fees
	Payee payment.Payee
	// PaymentReturnURL and PaymentNotifyURL are the gateway's synchronous
	// return and asynchronous notification addresses.
	PaymentReturnURL string
	PaymentNotifyURL string
	// Renewal is the renewal reminder and grace-period policy (default 30 and 7
	// days, 30 days' grace).
	Renewal member.RenewalPolicy
	// SweepLeaseTTL is how long a renewal sweep keeps its lease (default 1 h).
	SweepLeaseTTL time.Duration
	// Images bounds the decoding of uploaded pictures (scans, vouchers): the
	// decoded memory one picture may need and how many are decoded at once
	// (default: an A4 page at 300 dpi in 16-bit RGB, two at a time).
	Images command.ImageBudget
	// AdvanceReminderDays are the days after an advance invoice's expected
	// payment day on which its member is reminded (nil: 0 and 30).
	AdvanceReminderDays []int
	// PaymentQuery tunes the job that asks the gateway about online orders
	// whose notification is late.
	PaymentQuery command.QueryOpenPaymentsOptions
	// LookupThrottle bounds 会员查询 per client address (default
	// query.LookupThrottle).
	LookupThrottle auth.ThrottlePolicy
	// BankFeeToleranceFen is the shortfall (bank fees) finance may confirm as
	// the fee paid in full: 0 takes command.DefaultBankFeeToleranceFen (¥50), a
	// negative value demands the exact amount.
	BankFeeToleranceFen int64
	// CouncilForms says which forms of 完善理事资料 each level needs; a council
	// level it does not list needs council.DefaultForms (both), 普通会员 none.
	CouncilForms council.Requirements
	// Exports tune the background exports (导出任务) and name the sheet writer
	// their runner uses (nil: no background exports).
	Exports     query.ExportJobOptions
	ExportSheet query.NewSheet

	// BulkNotices tunes the bulk notices' dispatcher (send rate, batch).
	BulkNotices command.BulkDispatchOptions
	// CardKey signs the cards' verification links; empty: a key generated at
	// first use and kept in Deps.Settings (shared by every instance).
	CardKey []byte
	// InitialCredentialFor is how long an imported member's initial password
	// works (0: command.DefaultInitialCredentialFor, 90 days).
	InitialCredentialFor time.Duration
	// ImportStaleAfter is how long a running import batch may go without
	// progress before it is marked failed (0: 15 minutes).
	ImportStaleAfter time.Duration
}
