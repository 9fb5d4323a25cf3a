package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// UnmatchedLines asks for the lines of every statement that still need finance.
type UnmatchedLines struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// StatementLinePage is a page of lines.
type StatementLinePage struct {
	Items    []StatementLineItem
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// UnmatchedLinesHandler lists unmatched lines.
type UnmatchedLinesHandler struct {
	members    ports.MemberRepository
	statements ports.StatementRepository
	authz      ports.Authorizer
}

// NewUnmatchedLinesHandler builds the handler.
func NewUnmatchedLinesHandler(members ports.MemberRepository, statements ports.StatementRepository,
	authz ports.Authorizer) *UnmatchedLinesHandler {
	return &UnmatchedLinesHandler{members: members, statements: statements, authz: authz}
}

// Handle returns the page for staff allowed payment:read, oldest first.
func (h *UnmatchedLinesHandler) Handle(ctx context.Context, q UnmatchedLines) (StatementLinePage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListPayments, ""); err != nil {
		return StatementLinePage{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	lines, total, err := h.statements.Lines(ctx, payment.LineUnmatched, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return StatementLinePage{}, apperr.Internal(err)
	}
	items, err := lineItems(ctx, h.members, lines)
	if err != nil {
		return StatementLinePage{}, err
	}
	return StatementLinePage{Items: items, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: pages(total, q.PageSize)}, nil
}
