package query

import (
	"cmp"
	"context"
	"errors"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// BulkNoticeDetail asks for one bulk notice with its progress (the page and
// the JSON it polls).
type BulkNoticeDetail struct {
	Principal access.Principal
	ID        string
}

// BulkNoticeDetailView is a campaign, its progress and who sent it.
type BulkNoticeDetailView struct {
	BulkNoticeItem
	// SenderName is the sending staff account's name (its id when unknown).
	SenderName string
}

// BulkNoticeDetailHandler shows one bulk notice.
type BulkNoticeDetailHandler struct {
	notices ports.BulkNotices
	staff   ports.StaffRepository
	authz   ports.Authorizer
}

// NewBulkNoticeDetailHandler builds the handler.
func NewBulkNoticeDetailHandler(notices ports.BulkNotices, staff ports.StaffRepository,
	authz ports.Authorizer) *BulkNoticeDetailHandler {
	return &BulkNoticeDetailHandler{notices: notices, staff: staff, authz: authz}
}

// Handle loads the campaign and counts its recipients by state.
func (h *BulkNoticeDetailHandler) Handle(ctx context.Context, q BulkNoticeDetail) (BulkNoticeDetailView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ReadBulkNotices, ""); err != nil {
		return BulkNoticeDetailView{}, err
	}
	c, err := h.notices.Get(ctx, q.ID)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return BulkNoticeDetailView{}, err
		}
		return BulkNoticeDetailView{}, apperr.Internal(err)
	}
	p, err := h.notices.Progress(ctx, c.ID)
	if err != nil {
		return BulkNoticeDetailView{}, apperr.Internal(err)
	}
	out := BulkNoticeDetailView{BulkNoticeItem: BulkNoticeItem{Campaign: c, Progress: p}, SenderName: c.CreatedBy}
	if h.staff != nil {
		if s, err := h.staff.Get(ctx, c.CreatedBy); err == nil && s != nil {
			out.SenderName = cmp.Or(s.DisplayName(), s.Username())
		}
	}
	return out, nil
}
