package query

import (
	"context"
	"strconv"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// MemberList asks for one page of the member registry (会员管理).
type MemberList struct {
	Principal access.Principal
	Filters   MemberFilters
	// Sort is one of MemberSorts (empty: by member number).
	Sort string
	// Page counts from 1 (0: the first); a page past the end shows the last
	// page (Clamped). PageSize is 1–MaxPageSize (0: DefaultPageSize). A
	// negative page or a size out of range is an Invalid error.
	Page     int
	PageSize int
	// Facets asks for the counts beside the filters' values as well.
	Facets bool
}

// MemberListItem is one member of the list.
type MemberListItem struct {
	ID            string
	Number        string
	Name          string
	Kind          member.Kind
	KindLabel     string
	Level         member.Level
	Status        member.Status
	StatusLabel   string
	FeeState      payment.State
	FeeLabel      string
	Province      string
	ProvinceLabel string
	Industry      string
	IndustryLabel string
	Email         string
	USCC          string
	ContactName   string
	ContactPhone  string
	JoinedOn      time.Time // zero before approval
	ValidUntil    time.Time // zero without a validity
	RegisteredAt  time.Time
}

// MemberListView is one page of the registry with the filters it applied and,
// when asked, the counts beside them.
type MemberListView struct {
	Filters  MemberFilters // as checked (trimmed)
	Sort     string        // canonical sort parameter
	Items    []MemberListItem
	Total    int
	Page     int
	PageSize int
	Pages    int
	// Clamped tells that the page asked for lay past the end: the last page
	// is shown.
	Clamped bool
	// Facets are the filters' values with their counts (nil unless asked).
	Facets *MemberFacetsView
	// Today is the day the validity filters count from (midnight UTC).
	Today time.Time
}

// MemberListHandler lists the member registry for staff.
type MemberListHandler struct {
	directory ports.MemberDirectory
	authz     ports.Authorizer
	clock     ports.Clock
	loc       *time.Location
}

// NewMemberListHandler builds the handler; loc is the association's time zone
// (today's date for the validity filters).
func NewMemberListHandler(directory ports.MemberDirectory, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *MemberListHandler {
	return &MemberListHandler{directory: directory, authz: authz, clock: clock, loc: loc}
}

// Handle returns the page for staff (every duty may read the registry).
func (h *MemberListHandler) Handle(ctx context.Context, q MemberList) (MemberListView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListMembers, ""); err != nil {
		return MemberListView{}, err
	}
	var v apperr.Validation
	today := dayOf(h.clock.Now(), h.loc)
	f := memberFilter(q.Filters, today, &v)
	sort, desc, sortParam := memberSort(q.Sort, &v)
	if q.Page < 0 {
		v.Add("page", "page_invalid", "页码应为正整数")
	}
	if q.PageSize < 0 || q.PageSize > MaxPageSize {
		v.Add("page_size", "page_size_invalid", "每页条数应为 1 至 100 之间的整数")
	}
	if err := v.Err(); err != nil {
		return MemberListView{}, err
	}
	page, size := paging(q.Page, q.PageSize)
	pq := ports.MemberQuery{Filter: f, Sort: sort, Desc: desc, Limit: size, Offset: (page - 1) * size, Facets: q.Facets}
	res, err := h.directory.Search(ctx, pq)
	if err != nil {
		return MemberListView{}, apperr.Internal(err)
	}
	out := MemberListView{Filters: trimmed(f), Sort: sortParam, Total: res.Total, Page: page, PageSize: size,
		Pages: pages(res.Total, size), Today: today}
	if res.Facets != nil {
		out.Facets = newMemberFacetsView(res.Facets, out.Filters)
	}
	if last := max(out.Pages, 1); page > last {
		out.Page, out.Clamped = last, true
		pq.Offset, pq.Facets = (last-1)*size, false
		if res, err = h.directory.Search(ctx, pq); err != nil {
			return MemberListView{}, apperr.Internal(err)
		}
		out.Total, out.Pages = res.Total, pages(res.Total, size)
	}
	out.Items = make([]MemberListItem, 0, len(res.Rows))
	for _, r := range res.Rows {
		out.Items = append(out.Items, memberListItem(r))
	}
	return out, nil
}

// dayOf is the calendar day of t in loc as midnight UTC.
func dayOf(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// trimmed is the filters as applied.
func trimmed(f ports.MemberFilter) MemberFilters {
	out := MemberFilters{Kind: string(f.Kind), Level: string(f.Level), Status: string(f.Status),
		Province: f.Province, Industry: f.Industry, FeeState: string(f.FeeState), JoinedYear: f.JoinedYear,
		Search: f.Search}
	if !f.ExpiresBefore.IsZero() {
		out.ExpiresBefore = f.ExpiresBefore.Format(time.DateOnly)
	}
	if !f.ExpiresAfter.IsZero() {
		out.ExpiresAfter = f.ExpiresAfter.Format(time.DateOnly)
	}
	if f.ExpiringWithin > 0 {
		out.ExpiringWithin = strconv.Itoa(f.ExpiringWithin)
	}
	return out
}

// memberListItem maps a row of the registry.
func memberListItem(r ports.MemberRow) MemberListItem {
	it := MemberListItem{ID: r.ID, Number: r.Number, Name: r.Name, Kind: r.Kind, KindLabel: r.Kind.Label(),
		Level: r.Level, Status: r.Status, StatusLabel: r.Status.Label(), FeeState: r.FeeState,
		FeeLabel: r.FeeState.Label(), Province: r.Province, Industry: r.Industry, Email: r.Email, USCC: r.USCC,
		ContactName: r.ContactName, ContactPhone: r.ContactPhone, JoinedOn: r.JoinedOn, ValidUntil: r.ValidUntil,
		RegisteredAt: r.CreatedAt}
	it.ProvinceLabel, _ = application.ProvinceLabel(r.Province)
	it.IndustryLabel, _ = application.IndustryLabel(r.Industry)
	return it
}
