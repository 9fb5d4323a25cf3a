package query

import (
	"context"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// HomeFigures asks for the headline figures of the back office's home.
type HomeFigures struct {
	Principal access.Principal
}

// HomeFiguresView are the headline figures: valid members by kind, the fee
// income of this year and the renewals due within 30 days. Shown is false (and
// the rest zero) for a role that may not read the reports.
type HomeFiguresView struct {
	Shown       bool
	Year        int
	ValidByKind []ReportBar
	Valid       int
	IncomeFen   int64 // confirmed this year
	IncomeCount int
	Due30       int
	DueWithin   int // 30: the days Due30 counts
}

// HomeFiguresHandler reads the headline figures from the reports port: the
// counts kept with the registry, one index range of this year's confirmed
// payments and one of the validities ending within 30 days.
type HomeFiguresHandler struct {
	reports ports.Reports
	authz   ports.Authorizer
	clock   ports.Clock
	loc     *time.Location
}

// NewHomeFiguresHandler builds the handler; a nil port shows no figures.
func NewHomeFiguresHandler(reports ports.Reports, authz ports.Authorizer, clock ports.Clock,
	loc *time.Location) *HomeFiguresHandler {
	return &HomeFiguresHandler{reports: reports, authz: authz, clock: clock, loc: loc}
}

// Handle returns the figures for staff who may read the reports, nothing for
// other staff; a member or a guest is refused.
func (h *HomeFiguresHandler) Handle(ctx context.Context, q HomeFigures) (HomeFiguresView, error) {
	if err := access.Authorize(h.authz, q.Principal, access.OpenBackOffice, ""); err != nil {
		return HomeFiguresView{}, err
	}
	ok, err := access.Can(h.authz, q.Principal, access.ReadReports, "")
	if err != nil || !ok || h.reports == nil {
		return HomeFiguresView{}, err
	}
	today := dayOf(h.clock.Now(), h.loc)
	v := HomeFiguresView{Shown: true, Year: today.Year(), DueWithin: 30}
	valid, err := h.reports.MemberCounts(ctx, validStatuses())
	if err != nil {
		return HomeFiguresView{}, apperr.Internal(err)
	}
	v.ValidByKind = newMemberBreakdown(valid, nil).ByKind
	for _, b := range v.ValidByKind {
		v.Valid += b.N
	}
	income, err := h.reports.IncomePerMonth(ctx, time.Date(v.Year, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(v.Year+1, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return HomeFiguresView{}, apperr.Internal(err)
	}
	for _, r := range income {
		v.IncomeFen += r.Fen
		v.IncomeCount += r.Count
	}
	due, err := h.reports.RenewalsDue(ctx, today, []int{v.DueWithin})
	if err != nil {
		return HomeFiguresView{}, apperr.Internal(err)
	}
	v.Due30 = due[0]
	return v, nil
}
