package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// Paging limits of the review queue.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ReviewQueue asks for one page of the staff review queue.
type ReviewQueue struct {
	Principal access.Principal
	// Status is the tab: StatusSubmitted (default; oldest first), StatusRejected
	// or StatusApproved (latest first).
	Status   member.Status
	Kind     member.Kind // empty for both kinds
	Page     int         // from 1
	PageSize int         // default 20, at most 100
}

// ApplicationSummary is one row of the review queue.
type ApplicationSummary struct {
	MemberID      string
	Kind          member.Kind
	KindLabel     string
	Name          string // the applicant (the form's name, else the account's)
	Email         string
	Number        string
	Status        member.Status
	StatusLabel   string
	ProvinceLabel string
	IndustryLabel string // enterprises
	ContactName   string // enterprises: 第一联系人; individuals: the person
	ContactMobile string
	HasScan       bool
	SubmittedAt   time.Time
	ApprovedAt    time.Time
	RejectedAt    time.Time
	RejectReason  string
}

// ReviewQueuePage is one page of the queue and the counts of every tab.
type ReviewQueuePage struct {
	Status   member.Status
	Items    []ApplicationSummary
	Total    int
	Page     int
	PageSize int
	Pages    int
	Counts   ports.ApplicationCounts
}

// ReviewQueueHandler lists applications for reviewers.
type ReviewQueueHandler struct {
	index ports.ApplicationIndex
	authz ports.Authorizer
}

// NewReviewQueueHandler builds the handler.
func NewReviewQueueHandler(index ports.ApplicationIndex, authz ports.Authorizer) *ReviewQueueHandler {
	return &ReviewQueueHandler{index: index, authz: authz}
}

// Handle returns the page for staff allowed to read applications.
func (h *ReviewQueueHandler) Handle(ctx context.Context, q ReviewQueue) (ReviewQueuePage, error) {
	if err := access.Authorize(h.authz, q.Principal, access.ListApplications, ""); err != nil {
		return ReviewQueuePage{}, err
	}
	var v apperr.Validation
	switch q.Status {
	case "":
		q.Status = member.StatusSubmitted
	case member.StatusSubmitted, member.StatusRejected, member.StatusApproved:
	default:
		v.Add("status", "status_invalid", "未知的审核状态")
	}
	if q.Kind != "" && !q.Kind.Valid() {
		v.Add("kind", "kind_invalid", "未知的会员类型")
	}
	if err := v.Err(); err != nil {
		return ReviewQueuePage{}, err
	}
	if q.PageSize <= 0 {
		q.PageSize = DefaultPageSize
	}
	q.PageSize = min(q.PageSize, MaxPageSize)
	q.Page = max(q.Page, 1)
	ms, total, err := h.index.ListApplications(ctx, ports.ApplicationFilter{Status: q.Status, Kind: q.Kind,
		Limit: q.PageSize, Offset: (q.Page - 1) * q.PageSize})
	if err != nil {
		return ReviewQueuePage{}, apperr.Internal(err)
	}
	counts, err := h.index.CountApplications(ctx)
	if err != nil {
		return ReviewQueuePage{}, apperr.Internal(err)
	}
	out := ReviewQueuePage{Status: q.Status, Total: total, Page: q.Page, PageSize: q.PageSize,
		Pages: (total + q.PageSize - 1) / q.PageSize, Counts: counts, Items: make([]ApplicationSummary, 0, len(ms))}
	for _, m := range ms {
		out.Items = append(out.Items, summarize(m))
	}
	return out, nil
}

func summarize(m *member.Member) ApplicationSummary {
	a := m.Application()
	s := ApplicationSummary{MemberID: m.ID(), Kind: m.Kind(), KindLabel: m.Kind().Label(), Name: m.Name(),
		Email: m.Email(), Number: m.Number(), Status: m.Status(), StatusLabel: m.Status().Label(),
		HasScan: a.Scan.Present(), SubmittedAt: a.SubmittedAt, ApprovedAt: a.ApprovedAt, RejectedAt: a.RejectedAt}
	if m.Status() == member.StatusRejected {
		s.RejectReason = m.RejectReason()
	}
	province := a.Enterprise.Province
	if m.Kind() == member.Individual {
		f := a.Individual
		province, s.ContactName, s.ContactMobile = f.Province, f.Name, f.Mobile
		if f.Name != "" {
			s.Name = f.Name
		}
	} else {
		f := a.Enterprise
		s.ContactName, s.ContactMobile = f.ContactName, f.ContactMobile
		s.IndustryLabel, _ = application.IndustryLabel(f.Industry)
		if f.Name != "" {
			s.Name = f.Name
		}
	}
	s.ProvinceLabel, _ = application.ProvinceLabel(province)
	return s
}
