package query

import (
	"context"
	"strings"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

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
	// Proposed counts, among Matched, the lines matched by payer name and
	// amount only: finance confirms each of them on its own.
	Proposed  int
	Unmatched int // need finance
	Ambiguous int // among Unmatched: fit several members
	Confirmed int
	Ignored   int
	// CanConfirm is true when the principal may confirm and the lines matched by
	// reference code or assigned by finance may be confirmed in one step (there
	// is one, and no ambiguous line is left).
	CanConfirm bool
	// CanConfirmOne is true when the principal may confirm lines one by one
	// (the proposals).
	CanConfirmOne bool
}

// StatementDetailHandler shows statements.
type StatementDetailHandler struct {
	members    ports.MemberRepository
	statements ports.StatementRepository
	authz      ports.Authorizer
}

// NewStatementDetailHandler builds the handler.
func NewStatementDetailHandler(members ports.MemberRepository, statements ports.StatementRepository,
	authz ports.Authorizer) *StatementDetailHandler {
	return &StatementDetailHandler{members: members, statements: statements, authz: authz}
}

// Handle returns the statement for staff allowed payment:read.
func (h *StatementDetailHandler) Handle(ctx context.Context, q StatementDetail) (StatementView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListPayments, ""); err != nil {
		return StatementView{}, err
	}
	s, lines, err := h.statements.Get(ctx, strings.TrimSpace(q.StatementID))
	if err != nil {
		return StatementView{}, err
	}
	items, err := lineItems(ctx, h.members, lines)
	if err != nil {
		return StatementView{}, err
	}
	v := StatementView{Statement: statementSummary(s), Lines: items}
	for _, l := range lines {
		switch l.Status {
		case payment.LineMatched:
			v.Matched++
			if l.Match.Kind.NeedsExplicitConfirmation() {
				v.Proposed++
			}
		case payment.LineUnmatched:
			v.Unmatched++
			if l.Match.Kind == payment.MatchAmbiguous {
				v.Ambiguous++
			}
		case payment.LineConfirmed:
			v.Confirmed++
		case payment.LineIgnored:
			v.Ignored++
		}
	}
	ok, err := access.Can(h.authz, q.Principal, access.ConfirmPayment, "")
	if err != nil {
		return StatementView{}, err
	}
	v.CanConfirm = ok && v.Matched > v.Proposed && v.Ambiguous == 0
	v.CanConfirmOne = ok
	return v, nil
}
