package contract

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// DirectoryFixture is what the member registry's suite needs: the repositories
// that change members and their payments, and the registry's read side,
// filing members in China Standard Time (cst).
type DirectoryFixture struct {
	Members   ports.MemberRepository
	Payments  ports.PaymentRepository
	Directory ports.MemberDirectory
	History   ports.MemberHistory
}

// RunMemberDirectory checks the member registry: every filter, the search box
// (Chinese substrings, pinyin initials, numbers, USCC, emails, contacts,
// phones), orders, pages, the counts beside the filters, and that all of it
// follows the members' changes; and every member's history.
func RunMemberDirectory(t *testing.T, newFixture func(t *testing.T) DirectoryFixture) {
	run(t, "filters", func(t *testing.T) { directoryFilters(t, newFixture(t)) })
	run(t, "search box", func(t *testing.T) { directorySearch(t, newFixture(t)) })
	run(t, "orders and pages", func(t *testing.T) { directoryOrder(t, newFixture(t)) })
	run(t, "counts beside the filters", func(t *testing.T) { directoryFacets(t, newFixture(t)) })
	run(t, "counts agree with the list", func(t *testing.T) { directoryFacetsAgree(t, newFixture(t)) })
	run(t, "registry follows changes", func(t *testing.T) { directoryFollows(t, newFixture(t)) })
	run(t, "history", func(t *testing.T) { memberHistory(t, newFixture(t)) })
}

// registry is the seeded registry of the suite: its members by a short name.
type registry map[string]*member.Member

// seedRegistry adds eight members in every corner of the registry:
//
//	quality   中国质量协会, enterprise, 11/C, active until today+20, joined 2024
//	machine   上海精工机械有限公司, enterprise, draft form 31/C, contact 王芳
//	zhang     张三, individual, approved GR190001, 44, payment claimed
//	testing   北京检测认证有限公司, enterprise, registered (no form)
//	lisi      李四, individual, registered
//	bank      重庆银行股份有限公司, enterprise, 50/J, active until today+100
//	renewing  华信科技有限公司, enterprise, 11/M, expiring (today+10) with a renewal claim
//	newyear   新年公司, enterprise, 11/C, approved 2024-12-31 20:00 UTC (2025 in CST)
func seedRegistry(t *testing.T, f DirectoryFixture) registry {
	t.Helper()
	ctx, now := context.Background(), epoch()
	r := registry{}
	form := func(name, province, industry, contact, mobile string) application.EnterpriseForm {
		ef := membertest.EnterpriseForm(name)
		ef.Province, ef.Industry, ef.ContactName, ef.ContactMobile = province, industry, contact, mobile
		return ef
	}
	r["quality"] = activeMember(t, f, "中国质量协会", "quality@example.com", "19000001",
		form("中国质量协会", "11", "C", "李明", "13812345678"), today().AddDate(0, 0, 20))
	r["bank"] = activeMember(t, f, "重庆银行股份有限公司", "bank@example.com", "19000002",
		form("重庆银行股份有限公司", "50", "J", "赵六", "13900000002"), today().AddDate(0, 0, 100))
	r["renewing"] = activeMember(t, f, "华信科技有限公司", "hx@example.com", "19000003",
		form("华信科技有限公司", "11", "M", "钱七", "13900000003"), today().AddDate(0, 0, 10))
	require.NoError(t, f.Members.Update(ctx, r["renewing"].ID(), func(ctx context.Context, m *member.Member) error {
		if _, err := m.MarkExpiring(now, 30*24*time.Hour); err != nil {
			return err
		}
		if err := m.ClaimRenewal(now); err != nil {
			return err
		}
		return f.Payments.Add(ctx, newClaim(t, m.ID(), payment.PurposeRenewal))
	}))
	machine := register(t, member.Enterprise, "上海精工机械有限公司", "jg@example.com")
	require.NoError(t, machine.SaveEnterpriseForm(form("上海精工机械有限公司", "31", "C", "王芳", "13700000001"),
		false, now))
	require.NoError(t, f.Members.Add(ctx, machine))
	r["machine"] = machine
	r["zhang"] = approved(t, f.Members, member.Individual, "张三", "z@example.com", "GR190001")
	require.NoError(t, f.Members.Update(ctx, r["zhang"].ID(), func(ctx context.Context, m *member.Member) error {
		if err := m.ClaimPayment(now); err != nil {
			return err
		}
		return f.Payments.Add(ctx, newClaim(t, m.ID(), payment.PurposeJoin))
	}))
	r["testing"] = addMember(t, f.Members, member.Enterprise, "北京检测认证有限公司", "jc@example.com")
	r["lisi"] = addMember(t, f.Members, member.Individual, "李四", "lisi@example.com")
	newYear := register(t, member.Enterprise, "新年公司", "ny@example.com")
	late := time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC)
	require.NoError(t, newYear.SaveEnterpriseForm(form("新年公司", "11", "C", "孙八", "13900000008"), true, late))
	_, err := newYear.AttachScan(membertest.Scan(newYear), late)
	require.NoError(t, err)
	require.NoError(t, newYear.Submit(true, late))
	require.NoError(t, newYear.Approve("25000001", late))
	require.NoError(t, f.Members.Add(ctx, newYear))
	r["newyear"] = newYear
	return r
}

// today is the suite's calendar day (epoch's day in CST, as midnight UTC).
func today() time.Time { return time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) }

// activeMember adds an enterprise with the form, approved with the number and
// active until the day.
func activeMember(t *testing.T, f DirectoryFixture, name, email, number string, form application.EnterpriseForm,
	until time.Time) *member.Member {
	t.Helper()
	now := epoch()
	m := register(t, member.Enterprise, name, email)
	require.NoError(t, m.SaveEnterpriseForm(form, true, now))
	_, err := m.AttachScan(membertest.Scan(m), now)
	require.NoError(t, err)
	require.NoError(t, m.Submit(true, now))
	require.NoError(t, m.Approve(number, now))
	require.NoError(t, m.ConfirmPayment(now))
	require.NoError(t, m.ForwardToSecretariat(now))
	require.NoError(t, m.ApproveMembership("文号", until.AddDate(-1, 0, 1), now))
	require.NoError(t, f.Members.Add(context.Background(), m))
	return m
}

// newClaim is an open transfer claim of the member.
func newClaim(t *testing.T, memberID string, purpose payment.Purpose) *payment.Payment {
	t.Helper()
	p, err := payment.NewClaim(memberID, purpose, payment.MethodTransfer, 500000, payment.Voucher{}, epoch())
	require.NoError(t, err)
	return p
}

// list returns the short names of the members a query lists, in order, and the
// total.
func (r registry) list(t *testing.T, d ports.MemberDirectory, q ports.MemberQuery) ([]string, int) {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	page, err := d.Search(context.Background(), q)
	require.NoError(t, err)
	rows, total := page.Rows, page.Total
	if !q.Facets {
		require.Nil(t, page.Facets, "no counts unless asked")
	}
	byID := map[string]string{}
	for name, m := range r {
		byID[m.ID()] = name
	}
	out := make([]string, len(rows))
	for i, row := range rows {
		out[i] = byID[row.ID]
	}
	return out, total
}

// names lists what a filter finds, in number order.
func (r registry) names(t *testing.T, d ports.MemberDirectory, f ports.MemberFilter) []string {
	t.Helper()
	if f.Today.IsZero() {
		f.Today = today()
	}
	got, total := r.list(t, d, ports.MemberQuery{Filter: f, Sort: ports.SortNumber})
	require.Len(t, got, total, "one page holds all")
	return got
}
