package webui

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminMembersPath is 会员管理, the member registry.
const adminMembersPath = "/admin/members"

// memberParams are the list's query parameters besides the page, in the order
// canonical URLs write them.
var memberParams = []string{"q", "status", "kind", "level", "fee_state", "expiring_within", "expires_after",
	"expires_before", "province", "industry", "joined_year", "sort"}

// membersView is the data of 会员管理.
type membersView struct {
	List    query.MemberListView
	Filters template.HTML // the filters' selects (filterItems)
	Rows    template.HTML // the table's rows (memberRows)
	Values  url.Values    // the filters as the form shows them
	Chips   []filterChip
	Sorts   template.HTML // the sort's options
	Any     bool          // a filter or the search box is set
	Prev    string
	Next    string
	// ExportQuery is the list's URL with its filters (the export's hook).
	ExportQuery string
	// ExportXLSX and ExportCSV download the filtered list (导出); "" when the
	// staff member may not export.
	ExportXLSX, ExportCSV string
	// NewURL opens 新建会员 ("" when the staff member may not create members).
	NewURL string
}

// facetSelect is one filter's select: its options, each with its count,
// written here (escaped) rather than by the template, which would spend more
// on the hundred and fifty options of a page than on the rest of it.
type facetSelect struct {
	Param, Label string
	Options      template.HTML
}

func facetSelects(facets []query.MemberFacet) []facetSelect {
	out := make([]facetSelect, len(facets))
	var b strings.Builder
	for i, f := range facets {
		b.Reset()
		for _, o := range f.Options {
			b.WriteString(`<option value="`)
			b.WriteString(html.EscapeString(o.Value))
			b.WriteString(`"`)
			if o.Selected {
				b.WriteString(" selected")
			}
			fmt.Fprintf(&b, ">%s（%d）</option>", html.EscapeString(o.Label), o.Count)
		}
		out[i] = facetSelect{Param: f.Param, Label: f.Label, Options: template.HTML(b.String())} // #nosec G203 -- escaped above
	}
	return out
}

// ignoreBadFilters shows the core's refusal of some of a list's URL filters
// as one message above the list, and drops those filters from raw so that the
// list can be asked again with the valid ones. It returns the status to answer
// with and whether the page number was among the refused values.
func (p *page) ignoreBadFilters(e *apperr.Error, raw url.Values) (status int, pageRefused bool) {
	p.Form = newForm()
	p.Form.fail(e)
	msgs := make([]string, len(e.Fields))
	for i, fe := range e.Fields {
		msgs[i] = fe.Message
		raw.Del(fe.Field)
		pageRefused = pageRefused || fe.Field == "page" || fe.Field == "page_size"
	}
	p.Form.Message = "以下筛选条件有误，已忽略：" + strings.Join(msgs, "；")
	return httpkit.Status(e.Kind), pageRefused
}

// filterChip is one applied filter with the link that drops it.
type filterChip struct {
	Label  string
	Remove string
}

// adminMembersList is 会员管理: every member, filtered by the URL's query (so
// that a view can be shared and the back button works), searched, sorted and
// paged on the server, with the count beside each filter's value. A form
// submitted with empty fields is redirected to its canonical URL first.
func (u *UI) adminMembersList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	raw := req.URL.Query()
	page, _ := strconv.Atoi(raw.Get("page"))
	if canon := membersURL(raw, page); hasEmpty(raw) && canon != req.URL.RequestURI() {
		return redirect(w, req, canon)
	}
	p := u.newPage(w, req, "")
	status := http.StatusOK
	list, err := u.memberList(req, sc, raw, page)
	if e := apperr.As(err); err != nil && e.Kind == apperr.KindInvalid {
		// Show what the valid filters list, and say what was left out.
		status, _ = p.ignoreBadFilters(e, raw)
		list, err = u.memberList(req, sc, raw, page)
	}
	if err != nil {
		return u.showError(w, req, err)
	}
	v := membersView{List: list, Filters: filterItems(facetSelects(list.Facets.All())), Rows: memberRows(list.Items),
		Values: valuesOf(list), Sorts: optionsHTML(sortOptions(list.Sort))}
	v.Chips, v.Any = chipsOf(list, v.Values)
	v.Prev, v.Next = queueLinks(list.Page, list.Pages, func(n int) string { return membersURL(v.Values, n) })
	v.ExportQuery = membersURL(v.Values, 0)
	if u.exportAllowed(sc.Session.Principal) {
		v.ExportXLSX, v.ExportCSV = exportLinks(v.Values)
	}
	if ok, _ := u.app.Can(sc.Session.Principal, access.CreateMember); ok {
		v.NewURL = adminMembersPath + "/new"
	}
	if list.Clamped {
		p.Notice = fmt.Sprintf("第 %d 页不存在，已显示最后一页", page)
	}
	p.Portal = u.staffPortal(sc, "members")
	p.Data = v
	u.render(w, req, status, "admin_members.html", p)
	return nil
}

// memberList asks the core for the list of the query's filters, with counts.
func (u *UI) memberList(req bunrouter.Request, sc *staffCtx, q url.Values, page int) (query.MemberListView, error) {
	return u.app.Queries.MemberList.Handle(req.Context(), query.MemberList{Principal: sc.Session.Principal,
		Filters: filtersOf(q), Sort: q.Get("sort"), Page: max(page, 0), Facets: true})
}

// filtersOf reads the filters of the query.
func filtersOf(q url.Values) query.MemberFilters {
	return query.MemberFilters{Kind: q.Get("kind"), Level: q.Get("level"), Status: q.Get("status"),
		Province: q.Get("province"), Industry: q.Get("industry"), FeeState: q.Get("fee_state"),
		JoinedYear: q.Get("joined_year"), ExpiresBefore: q.Get("expires_before"),
		ExpiresAfter: q.Get("expires_after"), ExpiringWithin: q.Get("expiring_within"), Search: q.Get("q")}
}

// valuesOf is the query of the filters as applied.
func valuesOf(l query.MemberListView) url.Values {
	f := l.Filters
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Search, "status": f.Status, "kind": f.Kind, "level": f.Level,
		"fee_state": f.FeeState, "expiring_within": f.ExpiringWithin, "expires_after": f.ExpiresAfter,
		"expires_before": f.ExpiresBefore, "province": f.Province, "industry": f.Industry,
		"joined_year": f.JoinedYear} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if l.Sort != query.MemberSorts()[0] {
		v.Set("sort", l.Sort)
	}
	return v
}

// membersURL is the canonical URL of the list with the filters of v on page
// (0 or 1: the first): empty parameters left out, in a fixed order.
func membersURL(v url.Values, page int) string {
	s := encodeOrdered(v)
	if page > 1 {
		if s != "" {
			s += "&"
		}
		s += "page=" + strconv.Itoa(page)
	}
	if s == "" {
		return adminMembersPath
	}
	return adminMembersPath + "?" + s
}

// encodeOrdered encodes the non-empty list parameters of q in the order of
// memberParams (the default order left out).
func encodeOrdered(q url.Values) string {
	var out string
	for _, k := range memberParams {
		if s := q.Get(k); s != "" && (k != "sort" || s != query.MemberSorts()[0]) {
			if out != "" {
				out += "&"
			}
			out += url.QueryEscape(k) + "=" + url.QueryEscape(s)
		}
	}
	return out
}

// hasEmpty reports whether the query has an empty parameter (a submitted
// form's unused fields).
func hasEmpty(q url.Values) bool {
	for _, vs := range q {
		for _, s := range vs {
			if s == "" {
				return true
			}
		}
	}
	return false
}

// chipsOf lists the applied filters, each with the link that drops it, and
// whether there is any.
func chipsOf(l query.MemberListView, v url.Values) ([]filterChip, bool) {
	var out []filterChip
	without := func(k string) string {
		c := url.Values{}
		for key, vs := range v {
			if key != k {
				c[key] = vs
			}
		}
		return membersURL(c, 0)
	}
	if s := v.Get("q"); s != "" {
		out = append(out, filterChip{Label: "搜索：" + s, Remove: without("q")})
	}
	for _, f := range l.Facets.All() {
		for _, o := range f.Options {
			if o.Selected {
				out = append(out, filterChip{Label: f.Label + "：" + o.Label, Remove: without(f.Param)})
			}
		}
	}
	if s := v.Get("expires_after"); s != "" {
		out = append(out, filterChip{Label: "有效期不早于：" + s, Remove: without("expires_after")})
	}
	if s := v.Get("expires_before"); s != "" {
		out = append(out, filterChip{Label: "有效期不晚于：" + s, Remove: without("expires_before")})
	}
	return out, len(out) > 0
}

// sortLabels name the list's orders.
var sortLabels = map[string]string{
	"number": "会员号（升序）", "-number": "会员号（降序）", "name": "名称（拼音 A→Z）", "-name": "名称（拼音 Z→A）",
	"-joined": "入会日期（最新在前）", "joined": "入会日期（最早在前）", "validity": "有效期（最早到期在前）",
	"-validity": "有效期（最晚到期在前）",
}

func sortOptions(selected string) []optionView {
	if selected == "" {
		selected = query.MemberSorts()[0]
	}
	out := make([]optionView, 0, len(sortLabels))
	for _, s := range query.MemberSorts() {
		out = append(out, optionView{Value: s, Label: sortLabels[s], Selected: s == selected})
	}
	return out
}
