package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/ports"
)

// CouncilQueue asks for a page of the reviewers' queue of completed council
// materials (理事资料): one status (empty: 待确认), page from 1.
type CouncilQueue struct {
	Principal access.Principal
	Status    council.Status
	Page      int
	PageSize  int
}

// CouncilQueueItem is one form of the queue with its member.
type CouncilQueueItem struct {
	Form         council.Form
	MemberName   string
	MemberNumber string
}

// CouncilQueueView is a page of the queue with the tabs' counts.
type CouncilQueueView struct {
	Status   council.Status
	Items    []CouncilQueueItem
	Total    int
	Page     int
	Pages    int
	PageSize int
	Counts   map[council.Status]int
}

// CouncilQueueHandler serves the queue.
type CouncilQueueHandler struct{ p CouncilPorts }

// NewCouncilQueueHandler builds the handler.
func NewCouncilQueueHandler(p CouncilPorts) *CouncilQueueHandler { return &CouncilQueueHandler{p: p} }

// Handle returns the page (reviewers and the admin): the forms of the status,
// most recently submitted first, each with its member's name and number (one
// lookup per row of the page), and the counts of every status.
func (h *CouncilQueueHandler) Handle(ctx context.Context, q CouncilQueue) (CouncilQueueView, error) {
	if err := access.Authorize(h.p.Authz, q.Principal, access.ListCouncilForms, ""); err != nil {
		return CouncilQueueView{}, err
	}
	st := q.Status
	if st == "" {
		st = council.Submitted
	}
	if !st.Known() {
		var v apperr.Validation
		v.Add("status", "invalid", "无效的状态")
		return CouncilQueueView{}, v.Err()
	}
	page, size := paging(q.Page, q.PageSize)
	forms, total, err := h.p.Council.ListForms(ctx, ports.CouncilFilter{Status: st, Limit: size,
		Offset: (page - 1) * size})
	if err != nil {
		return CouncilQueueView{}, apperr.Internal(err)
	}
	counts, err := h.p.Council.CountForms(ctx)
	if err != nil {
		return CouncilQueueView{}, apperr.Internal(err)
	}
	v := CouncilQueueView{Status: st, Total: total, Page: page, Pages: pages(total, size), PageSize: size,
		Counts: counts}
	for _, f := range forms {
		m, err := h.p.Members.Get(ctx, f.MemberID)
		if err != nil {
			return CouncilQueueView{}, err
		}
		v.Items = append(v.Items, CouncilQueueItem{Form: f, MemberName: m.Name(), MemberNumber: m.Number()})
	}
	return v, nil
}

// CountSubmitted is the 理事资料 work queue's size: the forms waiting for the
// reviewers (待确认).
func (h *CouncilQueueHandler) CountSubmitted(ctx context.Context) (int, error) {
	counts, err := h.p.Council.CountForms(ctx)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return counts[council.Submitted], nil
}

// MemberForms returns one member's council forms of any status (in
// council.Kinds order) for the staff who read the queue, for the member
// detail's links; none for a member that has none.
func (h *CouncilQueueHandler) MemberForms(ctx context.Context, p access.Principal, memberID string) ([]council.Form,
	error) {
	if err := access.Authorize(h.p.Authz, p, access.ListCouncilForms, ""); err != nil {
		return nil, err
	}
	forms, err := h.p.Council.MemberForms(ctx, memberID)
	if err != nil {
		return nil, apperr.Internal(err)
	}
	return forms, nil
}
