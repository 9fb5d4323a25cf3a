package command

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/feesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// ConfirmStatement confirms a statement's proposed matches in one step.
type ConfirmStatement struct {
	Principal   access.Principal
	StatementID string
	// LineIDs are the lines to confirm; empty confirms every line of the
	// statement matched by reference code or assigned by finance (never the
	// lines matched by payer name and amount only: those finance confirms by
	// naming them), and is refused while the statement has ambiguous lines.
	LineIDs []string
}

// ConfirmedStatement reports what was confirmed.
type ConfirmedStatement struct {
	Confirmed  int
	PaymentIDs []string
	// Proposed counts the lines a bulk confirmation left for finance to
	// confirm one by one (matched by payer name and amount only).
	Proposed int
}

// ConfirmStatementHandler confirms statement lines.
type ConfirmStatementHandler struct {
	members    ports.MemberRepository
	payments   ports.PaymentRepository
	statements ports.StatementRepository
	tx         ports.Transactor
	settings   *feesettings.Source
	authz      ports.Authorizer
	clock      ports.Clock
	loc        *time.Location
	audit      *Auditor
}

// NewConfirmStatementHandler builds the handler; loc is the association's time
// zone. Each confirmed line is recorded through audit (one entry per member
// paid) in the confirmation's transaction.
func NewConfirmStatementHandler(members ports.MemberRepository, payments ports.PaymentRepository,
	statements ports.StatementRepository, tx ports.Transactor, settings *feesettings.Source, authz ports.Authorizer,
	clock ports.Clock, loc *time.Location, audit *Auditor) *ConfirmStatementHandler {
	return &ConfirmStatementHandler{members: members, payments: payments, statements: statements, tx: tx,
		settings: settings, authz: authz, clock: clock, loc: orUTC(loc), audit: audit}
}

// Handle confirms the lines in one transaction: each records a confirmed
// payment for its member (closing the member's open claim) exactly as a finance
// confirmation would. Any line that cannot be confirmed (ambiguous, unmatched,
// handled meanwhile, the member no longer owing that amount) makes the whole
// step fail with a message naming the line; nothing is confirmed then. A line
// is confirmed at most once, however often the statement is uploaded or
// confirmed.
func (h *ConfirmStatementHandler) Handle(ctx context.Context, cmd ConfirmStatement) (ConfirmedStatement, error) {
	if err := access.Authorize(h.authz, cmd.Principal, access.ConfirmPayment, ""); err != nil {
		return ConfirmedStatement{}, err
	}
	_, lines, err := h.statements.Get(ctx, strings.TrimSpace(cmd.StatementID))
	if err != nil {
		return ConfirmedStatement{}, err
	}
	chosen, proposed, err := chooseLines(lines, cmd.LineIDs)
	if err != nil {
		return ConfirmedStatement{}, err
	}
	// Lock members in a fixed order so that concurrent confirmations cannot deadlock.
	sort.SliceStable(chosen, func(i, j int) bool { return chosen[i].Match.MemberID < chosen[j].Match.MemberID })
	now := h.clock.Now().In(h.loc)
	var out ConfirmedStatement
	err = h.tx.InTx(ctx, func(ctx context.Context) error {
		out = ConfirmedStatement{Proposed: proposed}
		for _, l := range chosen {
			pid, err := h.confirmLine(ctx, l, cmd.Principal, now)
			if err != nil {
				return withRow(l.Row, err)
			}
			out.Confirmed++
			out.PaymentIDs = append(out.PaymentIDs, pid)
		}
		return nil
	})
	if err != nil {
		return ConfirmedStatement{}, err
	}
	return out, nil
}

// chooseLines returns the lines to confirm: those listed (each must be matched),
// or, when none is listed, every matched line but those matched by name and
// amount only, which it counts as proposed (refused while one is ambiguous).
func chooseLines(lines []payment.StoredLine, ids []string) ([]payment.StoredLine, int, error) {
	var chosen []payment.StoredLine
	proposed := 0
	if len(ids) == 0 {
		for _, l := range lines {
			if l.Status == payment.LineUnmatched && l.Match.Kind == payment.MatchAmbiguous {
				return nil, 0, apperr.Conflict("statement_ambiguous",
					fmt.Sprintf("第%d行流水%s；请先指定会员或忽略该行。未确认任何缴费。", l.Row, l.Match.Message))
			}
			switch {
			case l.Status != payment.LineMatched:
			case l.Match.Kind.BulkConfirmable():
				chosen = append(chosen, l)
			default: // a proposal by name: finance confirms it by naming it
				proposed++
			}
		}
		if len(chosen) == 0 && proposed > 0 {
			return nil, 0, apperr.Conflict("statement_name_matches",
				"按户名和金额匹配的流水需逐笔核对后单独确认，未确认任何缴费")
		}
	} else {
		byID := map[string]payment.StoredLine{}
		for _, l := range lines {
			byID[l.ID] = l
		}
		for _, lid := range trimmed(ids) {
			l, ok := byID[lid]
			switch {
			case !ok:
				return nil, 0, apperr.NotFound("statement_line_not_found", "对账单中没有该流水，未确认任何缴费")
			case l.Status == payment.LineConfirmed:
				return nil, 0, apperr.Conflict("statement_line_confirmed",
					fmt.Sprintf("第%d行流水已确认过，未确认任何缴费", l.Row))
			case l.Status != payment.LineMatched:
				return nil, 0, apperr.Conflict("statement_line_unmatched",
					fmt.Sprintf("第%d行流水不能确认（%s：%s），未确认任何缴费", l.Row, l.Match.Kind.Label(), l.Match.Message))
			}
			chosen = append(chosen, l)
		}
	}
	if len(chosen) == 0 {
		return nil, 0, apperr.Conflict("nothing_to_confirm", "没有待确认的流水")
	}
	return chosen, proposed, nil
}

// confirmLine records a matched line's money for its member in the surrounding
// transaction: the member's open claim is confirmed, or a new transfer payment.
func (h *ConfirmStatementHandler) confirmLine(ctx context.Context, l payment.StoredLine, by access.Principal,
	now time.Time) (string, error) {
	var pid string
	err := h.members.Update(ctx, l.Match.MemberID, func(ctx context.Context, m *member.Member) error {
		r := payment.Receipt{AmountFen: l.AmountFen, PaidOn: l.Date, BankRef: l.BankRef,
			Source: payment.SourceStatement, StaffID: by.ID}
		purpose, ok := payment.PurposeFor(m.Status())
		if !ok {
			return apperr.Conflict("nothing_due", fmt.Sprintf("会员【%s】当前没有应缴的会费（%s）", m.Name(), m.Status().Label()))
		}
		p, open, err := findOpenClaim(ctx, h.payments, m.ID())
		if err != nil {
			return err
		}
		// A sandbox-reported order is not the transfer this line shows: a new
		// payment records the line, and settling closes the order.
		isNew := !open || p.Purpose() != purpose || p.Method() == payment.MethodAlipay
		if isNew {
			due, err := amountDue(ctx, h.settings, h.payments, m, purpose) // the balance after a partial payment
			if err != nil {
				return err
			}
			if p, err = payment.NewClaim(m.ID(), purpose, payment.MethodTransfer, due, payment.Voucher{}, now); err != nil {
				return apperr.Internal(err)
			}
		}
		if err := settle(ctx, h.payments, m, p, r, isNew, now); err != nil {
			return err
		}
		pid = p.ID()
		l.Status, l.PaymentID, l.UpdatedAt = payment.LineConfirmed, p.ID(), now
		if err := h.statements.SaveLine(ctx, l, payment.LineMatched); err != nil {
			return err
		}
		return h.audit.Record(ctx, by, audit.Entry{Action: audit.StatementConfirm, MemberID: m.ID(),
			Subject: "payment:" + p.ID(), Summary: fmt.Sprintf("按银行流水确认缴费 %s（%s），对账单第%d行，到账 %s%s",
				payment.Yuan(l.AmountFen), p.Purpose().Label(), l.Row, l.Date.Format(time.DateOnly), bankRefNote(l.BankRef))})
	})
	return pid, err
}

// bankRefNote is 「，流水号 …」 for a line with a bank reference.
func bankRefNote(ref string) string {
	if ref == "" {
		return ""
	}
	return fmt.Sprintf("，流水号 %s", ref)
}

// withRow prefixes a user error's message with the statement row it concerns.
func withRow(row int, err error) error {
	e := apperr.As(err)
	if e.Kind == apperr.KindInternal {
		return err
	}
	c := *e
	c.Message = fmt.Sprintf("第%d行：%s", row, e.Message)
	return &c
}
