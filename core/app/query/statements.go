package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Statements asks for the list of uploaded statements.
type Statements struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// StatementSummary is one uploaded statement.
type StatementSummary struct {
	ID         string
	FileName   string
	Format     string
	StaffID    string
	UploadedAt time.Time
	Lines      int
	NewLines   int
}

// StatementList is a page of statements, newest first.
type StatementList struct {
	Items    []StatementSummary
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// StatementsHandler lists statements.
type StatementsHandler struct {
	statements ports.StatementRepository
	authz      ports.Authorizer
}

// NewStatementsHandler builds the handler.
func NewStatementsHandler(statements ports.StatementRepository, authz ports.Authorizer) *StatementsHandler {
	return &StatementsHandler{statements: statements, authz: authz}
}

// Handle returns the page for staff allowed payment:read.
func (h *StatementsHandler) Handle(ctx context.Context, q Statements) (StatementList, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListPayments, ""); err != nil {
		return StatementList{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	list, total, err := h.statements.List(ctx, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return StatementList{}, apperr.Internal(err)
	}
	out := StatementList{Total: total, Page: q.Page, PageSize: q.PageSize, Pages: pages(total, q.PageSize),
		Items: make([]StatementSummary, len(list))}
	for i, s := range list {
		out.Items[i] = statementSummary(s)
	}
	return out, nil
}

func statementSummary(s payment.Statement) StatementSummary {
	return StatementSummary{ID: s.ID, FileName: s.FileName, Format: s.Format, StaffID: s.StaffID,
		UploadedAt: s.UploadedAt, Lines: s.Lines, NewLines: s.NewLines}
}
