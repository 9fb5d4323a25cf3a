package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
	"github.com/openassoc/membership/ports"
)

// StaffList asks for one page of the staff accounts (工作人员管理, admin only).
// Page counts from 1 (0: the first; past the end: the last page, Clamped);
// PageSize is 1–MaxPageSize (0: DefaultPageSize); out of range is Invalid.
type StaffList struct {
	Principal access.Principal
	Page      int
	PageSize  int
}

// StaffItem is one staff account as the admin sees it.
type StaffItem struct {
	ID          string
	Username    string
	DisplayName string
	Email       string
	Role        access.Role
	RoleLabel   string
	Disabled    bool
	StatusLabel string    // 正常 / 已停用
	CreatedAt   time.Time // when the account was made
	DisabledAt  time.Time // zero while it may log in
	LastLoginAt time.Time // zero when not known
	// Self marks the admin's own account (it cannot disable itself).
	Self bool
}

// StaffListView is one page of staff accounts.
type StaffListView struct {
	Items    []StaffItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	Clamped  bool
	// Roles are the roles an account may have, for the role choosers.
	Roles []access.Role
}

// StaffListHandler lists staff accounts for the admin.
type StaffListHandler struct {
	staff ports.StaffRepository
	authz ports.Authorizer
}

// NewStaffListHandler builds the handler.
func NewStaffListHandler(st ports.StaffRepository, authz ports.Authorizer) *StaffListHandler {
	return &StaffListHandler{staff: st, authz: authz}
}

// Handle returns the page in username order.
func (h *StaffListHandler) Handle(ctx context.Context, q StaffList) (StaffListView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ManageStaff, q.Principal.ID); err != nil {
		return StaffListView{}, err
	}
	var v apperr.Validation
	if q.Page < 0 {
		v.Add("page", "page_invalid", "页码应为正整数")
	}
	if q.PageSize < 0 || q.PageSize > MaxPageSize {
		v.Add("page_size", "page_size_invalid", "每页条数应为 1 至 100 之间的整数")
	}
	if err := v.Err(); err != nil {
		return StaffListView{}, err
	}
	page, size := paging(q.Page, q.PageSize)
	rows, total, err := h.staff.ListPage(ctx, ports.StaffPage{Offset: (page - 1) * size, Limit: size})
	if err != nil {
		return StaffListView{}, apperr.Internal(err)
	}
	out := StaffListView{Total: total, Page: page, PageSize: size, Pages: pages(total, size),
		Roles: access.StaffRoles()}
	if last := max(out.Pages, 1); page > last {
		out.Page, out.Clamped = last, true
		if rows, total, err = h.staff.ListPage(ctx, ports.StaffPage{Offset: (last - 1) * size, Limit: size}); err != nil {
			return StaffListView{}, apperr.Internal(err)
		}
		out.Total, out.Pages = total, pages(total, size)
	}
	out.Items = make([]StaffItem, 0, len(rows))
	for _, s := range rows {
		out.Items = append(out.Items, staffItem(s, q.Principal))
	}
	return out, nil
}

// staffItem is the view of one account for principal p.
func staffItem(s *staff.Staff, p access.Principal) StaffItem {
	status := "正常"
	if s.Disabled() {
		status = "已停用"
	}
	return StaffItem{ID: s.ID(), Username: s.Username(), DisplayName: s.DisplayName(), Email: s.Email(),
		Role: s.Role(), RoleLabel: s.Role().Label(), Disabled: s.Disabled(), StatusLabel: status,
		CreatedAt: s.CreatedAt(), DisabledAt: s.DisabledAt(), LastLoginAt: s.LastLoginAt(), Self: s.ID() == p.ID}
}
