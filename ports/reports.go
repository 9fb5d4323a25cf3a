package ports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

// IncomeChannel is how confirmed money arrived, as the reports (统计报表) split
// the fee income.
type IncomeChannel string

// The income channels.
const (
	ChannelTransfer  IncomeChannel = "transfer"  // a bank transfer finance confirmed by hand (申请查看缴费状态)
	ChannelVoucher   IncomeChannel = "voucher"   // a transfer with an uploaded 缴费凭证
	ChannelOnline    IncomeChannel = "online"    // an online payment (支付宝)
	ChannelStatement IncomeChannel = "statement" // a transfer or voucher matched on a bank statement (银行对账)
)

// IncomeChannels lists the channels in the reports' order.
func IncomeChannels() []IncomeChannel {
	return []IncomeChannel{ChannelTransfer, ChannelVoucher, ChannelOnline, ChannelStatement}
}

// ChannelOf is the channel of a confirmed payment: online payments by their
// method, then what a bank statement confirmed, then vouchers, then the
// transfers finance confirmed by hand.
func ChannelOf(method payment.Method, source string) IncomeChannel {
	switch {
	case method == payment.MethodAlipay:
		return ChannelOnline
	case source == payment.SourceStatement:
		return ChannelStatement
	case method == payment.MethodVoucher:
		return ChannelVoucher
	}
	return ChannelTransfer
}

// MonthCount is how many members joined in one month.
type MonthCount struct {
	Month time.Time // the first day of the month (midnight UTC)
	N     int
}

// IncomeRow is the confirmed income of one channel in one month.
type IncomeRow struct {
	Month   time.Time // the first day of the month (midnight UTC)
	Channel IncomeChannel
	Count   int   // confirmed payments
	Fen     int64 // the amounts received (paid_fen)
}

// RenewalOutcome counts, among the validities that ended in a period, those
// whose member renewed and those whose member did not (yet).
type RenewalOutcome struct {
	// Renewed counts the members whose previous validity (the current one
	// less the year a renewal adds) ended in the period: they renewed it.
	Renewed int
	// NotRenewed counts the members whose current validity ended in the
	// period, whatever their status now.
	NotRenewed int
}

// Reports answers the back office's reports (统计报表) and the headline
// figures of its home from aggregates of the database (counts kept with the
// registry, GROUP BY over indexed columns): never by loading members or
// payments.
type Reports interface {
	// MemberCounts returns, per facet (FacetKind, FacetLevel, FacetStatus,
	// FacetProvince, FacetIndustry) and value ("" for none), how many members
	// have it — among the members in one of statuses, or among all members
	// when statuses is empty. Values with no member are absent.
	MemberCounts(ctx context.Context, statuses []member.Status) (MemberFacets, error)
	// JoinedPerMonth returns how many members joined (were approved, the day in
	// the association's time zone) per month, for the days in [from, to)
	// (midnight UTC); months without any are absent; oldest first.
	JoinedPerMonth(ctx context.Context, from, to time.Time) ([]MonthCount, error)
	// IncomePerMonth returns the confirmed payments (status confirmed, by the
	// day the money arrived) per month and channel, for the days in [from,
	// to); empty cells are absent; oldest first, then in channel order.
	IncomePerMonth(ctx context.Context, from, to time.Time) ([]IncomeRow, error)
	// RenewalsDue returns, for each number of days in within, how many
	// members in status active or expiring have a validity that ends between
	// today and today + days, inclusive.
	RenewalsDue(ctx context.Context, today time.Time, within []int) ([]int, error)
	// RenewalOutcome counts the validities that ended in [from, to] (calendar
	// days, inclusive), renewed or not.
	RenewalOutcome(ctx context.Context, from, to time.Time) (RenewalOutcome, error)
}

// RenewedSpanDays tells a renewed validity from a first one: a first validity
// spans one year less a day (364 or 365 days), a renewal adds a year to it, so a
// validity spanning more days than this was renewed at least once.
const RenewedSpanDays = 548

// SortIncome orders income rows oldest month first, then in channel order.
func SortIncome(rows []IncomeRow) {
	rank := map[IncomeChannel]int{}
	for i, c := range IncomeChannels() {
		rank[c] = i
	}
	slices.SortFunc(rows, func(a, b IncomeRow) int {
		if c := a.Month.Compare(b.Month); c != 0 {
			return c
		}
		return cmp.Compare(rank[a.Channel], rank[b.Channel])
	})
}
