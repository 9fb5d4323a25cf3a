package query

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// BulkNoticeFilter checks the registry's filters for a bulk notice (群发通知)
// as the member list checks them, adding what is wrong to v; it returns the
// port's filter for today (the association's day of now), the filters as
// applied, and their wording for the audit log.
func BulkNoticeFilter(in MemberFilters, now time.Time, loc *time.Location, v *apperr.Validation) (
	ports.MemberFilter, MemberFilters, string) {
	f := memberFilter(in, dayOf(now, loc), v)
	applied := trimmed(f)
	return f, applied, bulkSummary(applied)
}

// bulkSummary words the filters with their labels (类别：个人会员；省份：北京市),
// "" for every member.
func bulkSummary(f MemberFilters) string {
	label := func(code string, of func(string) (string, bool)) string {
		if code == ports.FilterNone {
			return noneLabel
		}
		if l, ok := of(code); ok {
			return l
		}
		return code
	}
	var parts []string
	add := func(name, value string) {
		if value != "" {
			parts = append(parts, name+"："+value)
		}
	}
	if f.Kind != "" {
		add("类别", member.Kind(f.Kind).Label())
	}
	add("级别", f.Level)
	if f.Status != "" {
		add("状态", member.Status(f.Status).Label())
	}
	if f.Province != "" {
		add("省份", label(f.Province, application.ProvinceLabel))
	}
	if f.Industry != "" {
		add("行业", label(f.Industry, application.IndustryLabel))
	}
	if f.FeeState != "" {
		add("缴费状态", payment.State(f.FeeState).Label())
	}
	add("入会年份", strings.Replace(f.JoinedYear, ports.FilterNone, "未入会", 1))
	add("有效期不早于", f.ExpiresAfter)
	add("有效期不晚于", f.ExpiresBefore)
	if f.ExpiringWithin != "" {
		add("到期", f.ExpiringWithin+" 天内")
	}
	if f.Search != "" {
		add("搜索", "「"+f.Search+"」")
	}
	return strings.Join(parts, "；")
}

// Query is the filters as the member list's URL parameters.
func (f MemberFilters) Query() url.Values {
	v := url.Values{}
	for _, p := range [][2]string{{"kind", f.Kind}, {"level", f.Level}, {"status", f.Status},
		{"province", f.Province}, {"industry", f.Industry}, {"fee_state", f.FeeState},
		{"joined_year", f.JoinedYear}, {"expires_before", f.ExpiresBefore}, {"expires_after", f.ExpiresAfter},
		{"expiring_within", f.ExpiringWithin}, {"q", f.Search}} {
		if p[1] != "" {
			v.Set(p[0], p[1])
		}
	}
	return v
}

// BulkNoticePreview asks how many members the filters select for a bulk
// notice, and who the first of them are.
type BulkNoticePreview struct {
	Principal access.Principal
	Filters   MemberFilters
}

// BulkNoticePreviewView is the preview: the count and the first rows.
type BulkNoticePreviewView struct {
	Filters MemberFilters // as applied
	Summary string        // the filters in words ("" for every member)
	Total   int
	First   []MemberListItem
	// Facets are the filters' values with their counts, as the member list
	// shows them.
	Facets *MemberFacetsView
}

// PreviewRows is how many members the preview lists.
const PreviewRows = 10

// BulkNoticePreviewHandler previews a bulk notice's recipients.
type BulkNoticePreviewHandler struct {
	directory ports.MemberDirectory
	authz     ports.Authorizer
	clock     ports.Clock
	loc       *time.Location
}

// NewBulkNoticePreviewHandler builds the handler.
func NewBulkNoticePreviewHandler(directory ports.MemberDirectory, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *BulkNoticePreviewHandler {
	return &BulkNoticePreviewHandler{directory: directory, authz: authz, clock: clock, loc: loc}
}

// Handle counts the recipients with the registry's own query.
func (h *BulkNoticePreviewHandler) Handle(ctx context.Context, q BulkNoticePreview) (BulkNoticePreviewView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.SendBulkNotice, ""); err != nil {
		return BulkNoticePreviewView{}, err
	}
	var v apperr.Validation
	f, applied, summary := BulkNoticeFilter(q.Filters, h.clock.Now(), h.loc, &v)
	if err := v.Err(); err != nil {
		return BulkNoticePreviewView{}, err
	}
	res, err := h.directory.Search(ctx, ports.MemberQuery{Filter: f, Sort: ports.SortNumber, Limit: PreviewRows,
		Facets: true})
	if err != nil {
		return BulkNoticePreviewView{}, apperr.Internal(err)
	}
	out := BulkNoticePreviewView{Filters: applied, Summary: summary, Total: res.Total,
		First: make([]MemberListItem, 0, len(res.Rows)), Facets: newMemberFacetsView(res.Facets, applied)}
	for _, r := range res.Rows {
		out.First = append(out.First, memberListItem(r))
	}
	return out, nil
}
