package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/bulknotice"
)

// bulkFiltersJSON are the registry's filters of a bulk notice (schema
// BulkNoticeFilters): the query parameters of GET /members.
type bulkFiltersJSON struct {
	Q              string `json:"q"`
	Kind           string `json:"kind"`
	Level          string `json:"level"`
	Status         string `json:"status"`
	Province       string `json:"province"`
	Industry       string `json:"industry"`
	FeeState       string `json:"fee_state"`
	JoinedYear     string `json:"joined_year"`
	ExpiresBefore  string `json:"expires_before"`
	ExpiresAfter   string `json:"expires_after"`
	ExpiringWithin string `json:"expiring_within"`
}

func (f bulkFiltersJSON) filters() query.MemberFilters {
	return query.MemberFilters{Kind: f.Kind, Level: f.Level, Status: f.Status, Province: f.Province,
		Industry: f.Industry, FeeState: f.FeeState, JoinedYear: f.JoinedYear, ExpiresBefore: f.ExpiresBefore,
		ExpiresAfter: f.ExpiresAfter, ExpiringWithin: f.ExpiringWithin, Search: f.Q}
}

// bulkNoticeRequest sends a bulk notice (schema BulkNoticeRequest).
type bulkNoticeRequest struct {
	Filters    bulkFiltersJSON `json:"filters"`
	Subject    string          `json:"subject"`
	Body       string          `json:"body"`
	Portal     bool            `json:"portal"`
	Email      bool            `json:"email"`
	RequestKey string          `json:"request_key"`
}

// bulkProgressOut counts a notice's recipients (schema BulkNoticeProgress).
type bulkProgressOut struct {
	Pending int  `json:"pending"`
	Sent    int  `json:"sent"`
	Failed  int  `json:"failed"`
	Done    bool `json:"done"`
}

// bulkNoticeJSON is one bulk notice (schema BulkNotice).
type bulkNoticeJSON struct {
	ID            string          `json:"id"`
	Subject       string          `json:"subject"`
	Body          string          `json:"body"`
	Portal        bool            `json:"portal"`
	Email         bool            `json:"email"`
	Filters       string          `json:"filters"`
	FilterSummary string          `json:"filter_summary"`
	Recipients    int             `json:"recipients"`
	CreatedBy     string          `json:"created_by"`
	CreatedAt     string          `json:"created_at"`
	StartedAt     *string         `json:"started_at"`
	Progress      bulkProgressOut `json:"progress"`
}

func newBulkNotice(c bulknotice.Campaign, p bulknotice.Progress) bulkNoticeJSON {
	out := bulkNoticeJSON{ID: c.ID, Subject: c.Subject, Body: c.Body, Portal: c.Portal, Email: c.Email,
		Filters: c.Filters, FilterSummary: c.FilterSummary, Recipients: c.Recipients, CreatedBy: c.CreatedBy,
		CreatedAt: timestamp(c.CreatedAt),
		Progress:  bulkProgressOut{Pending: p.Pending, Sent: p.Sent, Failed: p.Failed, Done: p.Done()}}
	if !c.StartedAt.IsZero() {
		s := timestamp(c.StartedAt)
		out.StartedAt = &s
	}
	return out
}

// bulkNoticeListJSON is a page of bulk notices (schema BulkNoticeList).
type bulkNoticeListJSON struct {
	Items    []bulkNoticeJSON `json:"items"`
	Total    int              `json:"total"`
	Page     int              `json:"page"`
	PageSize int              `json:"page_size"`
	Pages    int              `json:"pages"`
}

// bulkRecipientJSON is one member of a preview (schema BulkNoticeRecipient).
type bulkRecipientJSON struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Email  string `json:"email"`
}

// bulkPreviewJSON is the recipients' preview (schema BulkNoticePreview).
type bulkPreviewJSON struct {
	Total         int                 `json:"total"`
	FilterSummary string              `json:"filter_summary"`
	First         []bulkRecipientJSON `json:"first"`
}

// listBulkNotices is GET /bulk-notices.
func (a *API) listBulkNotices(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var val apperr.Validation
	page, size := intParam(req, "page", &val), intParam(req, "page_size", &val)
	if err := val.Err(); err != nil {
		return err
	}
	v, err := a.app.Queries.BulkNotices.Handle(req.Context(), query.BulkNotices{Principal: s.Principal, Page: page,
		PageSize: size})
	if err != nil {
		return err
	}
	out := bulkNoticeListJSON{Items: []bulkNoticeJSON{}, Total: v.Total, Page: v.Page, PageSize: v.PageSize,
		Pages: v.Pages}
	for _, it := range v.Items {
		out.Items = append(out.Items, newBulkNotice(it.Campaign, it.Progress))
	}
	return a.ok(w, http.StatusOK, out)
}

// previewBulkNotice is GET /bulk-notices/preview: how many members the
// filters (GET /members's parameters) select, and the first of them.
func (a *API) previewBulkNotice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.BulkNoticePreview.Handle(req.Context(), query.BulkNoticePreview{Principal: s.Principal,
		Filters: memberFiltersOf(req.URL.Query())})
	if err != nil {
		return err
	}
	out := bulkPreviewJSON{Total: v.Total, FilterSummary: v.Summary, First: []bulkRecipientJSON{}}
	for _, it := range v.First {
		out.First = append(out.First, bulkRecipientJSON{ID: it.ID, Number: it.Number, Name: it.Name,
			Kind: string(it.Kind), Status: string(it.Status), Email: it.Email})
	}
	return a.ok(w, http.StatusOK, out)
}

// sendBulkNotice is POST /bulk-notices.
func (a *API) sendBulkNotice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in bulkNoticeRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	c, err := a.app.Commands.SendBulkNotice.Handle(req.Context(), command.SendBulkNotice{Principal: s.Principal,
		Filters: in.Filters.filters(), Subject: in.Subject, Body: in.Body, Portal: in.Portal, Email: in.Email,
		RequestKey: in.RequestKey})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusCreated, newBulkNotice(c, bulknotice.Progress{Pending: c.Recipients}))
}

// getBulkNotice is GET /bulk-notices/{bulk_id}: the notice and its progress.
func (a *API) getBulkNotice(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.BulkNoticeDetail.Handle(req.Context(), query.BulkNoticeDetail{Principal: s.Principal,
		ID: req.Param("bulk_id")})
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, newBulkNotice(v.Campaign, v.Progress))
}
