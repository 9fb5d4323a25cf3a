package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// UndeliveredMail asks for one page of the emails the mail queue gave up on
// (the mail server refused them for good), for the admin.
type UndeliveredMail struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// UndeliveredMailPage is one page of them, newest first: recipients, subject,
// error and time (never the body).
type UndeliveredMailPage struct {
	Items    []ports.UndeliveredMail
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// UndeliveredMailHandler lists undelivered email.
type UndeliveredMailHandler struct {
	log   ports.UndeliveredMailLog
	authz ports.Authorizer
}

// NewUndeliveredMailHandler builds the handler; a nil log lists nothing.
func NewUndeliveredMailHandler(log ports.UndeliveredMailLog, authz ports.Authorizer) *UndeliveredMailHandler {
	return &UndeliveredMailHandler{log: log, authz: authz}
}

// Handle returns the page for the admin (the admin's pages: manage_settings).
func (h *UndeliveredMailHandler) Handle(ctx context.Context, q UndeliveredMail) (UndeliveredMailPage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ManageSettings, ""); err != nil {
		return UndeliveredMailPage{}, err
	}
	q.Page, q.PageSize = paging(q.Page, q.PageSize)
	out := UndeliveredMailPage{Page: q.Page, PageSize: q.PageSize, Items: []ports.UndeliveredMail{}}
	if h.log == nil {
		return out, nil
	}
	items, total, err := h.log.ListUndelivered(ctx, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return UndeliveredMailPage{}, apperr.Internal(err)
	}
	out.Items, out.Total, out.Pages = items, total, pages(total, q.PageSize)
	return out, nil
}
