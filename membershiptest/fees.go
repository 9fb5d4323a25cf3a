package membershiptest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
)

// StaffPassword is the password of the staff accounts Staff creates.
const StaffPassword = "staff12345"

// Staff returns the principal of a staff account of a role, creating the account
// (username "<role>-auto", password StaffPassword) on first use.
func (e *Env) Staff(tb testing.TB, role access.Role) access.Principal {
	tb.Helper()
	e.staffMu.Lock()
	defer e.staffMu.Unlock()
	if e.staff == nil {
		e.staff = map[access.Role]string{}
	}
	id, ok := e.staff[role]
	if !ok {
		id = e.CreateStaff(tb, string(role)+"-auto", string(role), StaffPassword)
		e.staff[role] = id
	}
	return StaffPrincipal(id, role)
}

// ApproveApplication approves a submitted application as a reviewer and returns
// the member number.
func (e *Env) ApproveApplication(tb testing.TB, memberID string) string {
	tb.Helper()
	n, err := e.App.Commands.ApproveApplication.Handle(context.Background(), command.ApproveApplication{
		Principal: e.Staff(tb, access.RoleReviewer), MemberID: memberID})
	require.NoError(tb, err)
	return n
}

// ApprovedMember registers a member of a kind ("enterprise" or "individual"),
// submits a complete application and has it approved: the member owes its first
// fee. It returns the member's principal (without a session).
func (e *Env) ApprovedMember(tb testing.TB, kind, name, email string) access.Principal {
	tb.Helper()
	id := e.RegisterMember(tb, kind, name, email, "abc123")
	p := e.MemberPrincipal(tb, id)
	e.SubmitApplication(tb, p)
	e.ApproveApplication(tb, id)
	return p
}

// PayByTransfer claims the fee as the member and has finance confirm it with the
// amount due; the member then awaits the secretariat. It returns the payment id.
func (e *Env) PayByTransfer(tb testing.TB, p access.Principal, bankRef string) string {
	tb.Helper()
	ctx := context.Background()
	pid, err := e.App.Commands.ClaimPayment.Handle(ctx, command.ClaimPayment{Principal: p})
	require.NoError(tb, err)
	page, err := e.App.Queries.FeePage.Handle(ctx, feePage(p))
	require.NoError(tb, err)
	require.NoError(tb, e.App.Commands.ConfirmPayment.Handle(ctx, command.ConfirmPayment{
		Principal: e.Staff(tb, access.RoleFinance), PaymentID: pid, AmountFen: page.AmountDueFen,
		PaidOn: e.App.Clock.Now(), BankRef: bankRef}))
	return pid
}

// ActiveMember is ApprovedMember, PayByTransfer and the secretariat's approval:
// a full member with one year of validity from today.
func (e *Env) ActiveMember(tb testing.TB, kind, name, email string) access.Principal {
	tb.Helper()
	p := e.ApprovedMember(tb, kind, name, email)
	e.PayByTransfer(tb, p, fmt.Sprintf("TEST%d", time.Now().UnixNano()))
	_, err := e.App.Commands.ApproveMemberships.Handle(context.Background(), command.ApproveMemberships{
		Principal: e.Staff(tb, access.RoleSecretariat), MemberIDs: []string{p.ID}, DocNo: "中质协〔2019〕12号"})
	require.NoError(tb, err)
	return p
}

// PDF returns a small, well-formed PDF document (a 缴费凭证).
func PDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
		"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" +
		"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n" +
		"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n")
}

func feePage(p access.Principal) query.FeePage { return query.FeePage{Principal: p} }
