package query

import (
	"context"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/bulknotice"
	"github.com/openassoc/membership/ports"
)

// BulkNotices asks for a page of the bulk notices sent (群发通知), newest
// first.
type BulkNotices struct {
	Principal access.Principal
	Page      int // from 1 (0: the first)
	PageSize  int // 1–MaxPageSize (0: DefaultPageSize)
}

// BulkNoticeItem is one campaign with its progress.
type BulkNoticeItem struct {
	Campaign bulknotice.Campaign
	Progress bulknotice.Progress
}

// BulkNoticesView is one page of campaigns.
type BulkNoticesView struct {
	Items    []BulkNoticeItem
	Total    int
	Page     int
	PageSize int
	Pages    int
}

// BulkNoticesHandler lists the bulk notices for staff.
type BulkNoticesHandler struct {
	notices ports.BulkNotices
	authz   ports.Authorizer
}

// NewBulkNoticesHandler builds the handler.
func NewBulkNoticesHandler(notices ports.BulkNotices, authz ports.Authorizer) *BulkNoticesHandler {
	return &BulkNoticesHandler{notices: notices, authz: authz}
}

// Handle returns the page, each campaign with its counts by state.
func (h *BulkNoticesHandler) Handle(ctx context.Context, q BulkNotices) (BulkNoticesView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ReadBulkNotices, ""); err != nil {
		return BulkNoticesView{}, err
	}
	var v apperr.Validation
	if q.Page < 0 {
		v.Add("page", "page_invalid", "页码应为正整数")
	}
	if q.PageSize < 0 || q.PageSize > MaxPageSize {
		v.Add("page_size", "page_size_invalid", "每页条数应为 1 至 100 之间的整数")
	}
	if err := v.Err(); err != nil {
		return BulkNoticesView{}, err
	}
	page, size := paging(q.Page, q.PageSize)
	list, total, err := h.notices.List(ctx, size, (page-1)*size)
	if err != nil {
		return BulkNoticesView{}, apperr.Internal(err)
	}
	out := BulkNoticesView{Items: make([]BulkNoticeItem, 0, len(list)), Total: total, Page: page, PageSize: size,
		Pages: pages(total, size)}
	for _, c := range list {
		p, err := h.notices.Progress(ctx, c.ID)
		if err != nil {
			return BulkNoticesView{}, apperr.Internal(err)
		}
		out.Items = append(out.Items, BulkNoticeItem{Campaign: c, Progress: p})
	}
	return out, nil
}
