package command

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// AssignStatementLine is finance's decision on a line: the member it pays for
// (for an unmatched or ambiguous line), or to set it aside.
type AssignStatementLine struct {
	Principal access.Principal
	LineID    string
	MemberID  string // the member; empty with Ignore
	Ignore    bool   // set the line aside (not a fee)
}

// AssignStatementLineHandler assigns lines.
type AssignStatementLineHandler struct {
	members    ports.MemberRepository
	statements ports.StatementRepository
	settings   *feesettings.Source
	authz      ports.Authorizer
	clock      ports.Clock
	loc        *time.Location
	tx         ports.Transactor
	audit      *Auditor
	payments   ports.PaymentRepository // nil: the whole fee is due
}

// WithPayments makes a line assignable for a member's balance due after a
// partial payment (issue 12 item 5).
func (h *AssignStatementLineHandler) WithPayments(payments ports.PaymentRepository) *AssignStatementLineHandler {
	h.payments = payments
	return h
}

// NewAssignStatementLineHandler builds the handler; loc is the association's
// time zone. Each decision is recorded through audit in a transaction of tx
// with the line.
func NewAssignStatementLineHandler(members ports.MemberRepository, statements ports.StatementRepository,
	settings *feesettings.Source, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location, tx ports.Transactor, audit *Auditor) *AssignStatementLineHandler {
	return &AssignStatementLineHandler{members: members, statements: statements, settings: settings, authz: authz,
		clock: clock, loc: orUTC(loc), tx: tx, audit: audit}
}

// Handle assigns the member (who must owe exactly the line's amount) or ignores
// the line. A confirmed line cannot change.
func (h *AssignStatementLineHandler) Handle(ctx context.Context, cmd AssignStatementLine) error {
	if err := access.Authorize(h.authz, cmd.Principal, access.ConfirmPayment, ""); err != nil {
		return err
	}
	l, err := h.statements.GetLine(ctx, strings.TrimSpace(cmd.LineID))
	if err != nil {
		return err
	}
	from := l.Status
	if from == payment.LineConfirmed {
		return apperr.Conflict("statement_line_confirmed", fmt.Sprintf("第%d行流水已确认，不能修改", l.Row))
	}
	l.UpdatedAt = h.clock.Now().In(h.loc)
	if cmd.Ignore {
		l.Status = payment.LineIgnored
		l.Match.Message = "财务已忽略此流水"
		return h.save(ctx, cmd.Principal, l, from, "", fmt.Sprintf("忽略对账单第%d行流水（%s，%s）",
			l.Row, l.PayerName, payment.Yuan(l.AmountFen)))
	}
	if l.AmountFen <= 0 {
		return apperr.Conflict("statement_line_debit", fmt.Sprintf("第%d行不是入账流水", l.Row))
	}
	memberID := strings.TrimSpace(cmd.MemberID)
	if memberID == "" {
		var v apperr.Validation
		v.Add("member_id", "required", "请选择会员")
		return v.Err()
	}
	m, err := h.members.Get(ctx, memberID)
	if err != nil {
		return err
	}
	if _, ok := payment.PurposeFor(m.Status()); !ok {
		return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的会费", m.Name()))
	}
	due, err := annualFee(ctx, h.settings, m)
	if err != nil {
		return err
	}
	paid, err := paidSoFar(ctx, h.payments, m)
	if err != nil {
		return err
	}
	due = max(due-paid, 1)
	if due != l.AmountFen {
		return payment.AmountMismatch(due, l.AmountFen)
	}
	l.Status = payment.LineMatched
	l.Match = payment.Proposal{Kind: payment.MatchManual, MemberID: m.ID(),
		Message: fmt.Sprintf("财务指定会员【%s】", m.Name())}
	return h.save(ctx, cmd.Principal, l, from, m.ID(), fmt.Sprintf("对账单第%d行流水（%s，%s）指定为会员【%s】的会费",
		l.Row, l.PayerName, payment.Yuan(l.AmountFen), m.Name()))
}

// save stores the line and its audit entry in one transaction.
func (h *AssignStatementLineHandler) save(ctx context.Context, p access.Principal, l payment.StoredLine,
	from payment.LineStatus, memberID, summary string) error {
	return inTx(ctx, h.tx, func(ctx context.Context) error {
		if err := h.statements.SaveLine(ctx, l, from); err != nil {
			return err
		}
		return h.audit.Record(ctx, p, audit.Entry{Action: audit.StatementAssign, MemberID: memberID,
			Subject: "statement_line:" + l.ID, Summary: summary})
	})
}
