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
	Unmatched int // need finance
	Ambiguous int // among Unmatched: fit several members
	Confirmed int
	Ignored   int
	// CanConfirm is true when the principal may confirm and every matched line
	// may be confirmed in one step (no ambiguous line is left).
	CanConfirm bool
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
	v.CanConfirm = ok && v.Matched > 0 && v.Ambiguous == 0
	return v, nil
}
