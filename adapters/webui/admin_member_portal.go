package webui

import (
	"net/url"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/submission"
)

// memberPortalView is what the member did in its portal, on its detail in
// 会员管理: its council forms (理事资料), its submissions (企业投稿) and its
// card's status, each shown to the staff whose duty it is and only when there
// is something to show.
type memberPortalView struct {
	Council     []memberPortalLink
	Submissions []memberPortalLink
	// SubmissionsTotal is how many submissions the member has in all (the
	// list shows the newest memberSubmissionsShown).
	SubmissionsTotal int
	// Card is the card's (or certificate's) status; nil before it has one.
	Card *query.StaffCardView
}

// memberPortalLink is one council form or submission with its status.
type memberPortalLink struct {
	Title       string
	StatusLabel string
	Date        time.Time // submitted at (zero: not yet)
	Reason      string    // a rejection's or return's reason
	Href        string
}

// memberSubmissionsShown is how many submissions the member detail lists.
const memberSubmissionsShown = 5

// memberActivity gathers the member's council forms (for those who read 理事资料),
// submissions (for those who review 企业投稿) and card (for every staff member
// who inspects members): each one store lookup.
func (u *UI) memberActivity(req bunrouter.Request, p access.Principal, d query.MemberDetailView) (memberPortalView,
	error) {
	var v memberPortalView
	ctx, id := req.Context(), d.Account.ID
	if ok, _ := u.app.Can(p, access.ListCouncilForms); ok && d.Account.Kind == member.Enterprise {
		forms, err := u.app.Queries.CouncilQueue.MemberForms(ctx, p, id)
		if err != nil {
			return v, err
		}
		for _, f := range forms {
			l := memberPortalLink{Title: f.Kind.Title(), StatusLabel: f.Status.Label(),
				Href: adminCouncilPath + "/" + url.PathEscape(f.ID)}
			l.Date = f.SubmittedAt
			if f.Status == council.Returned {
				l.Reason = f.ReturnReason
			}
			v.Council = append(v.Council, l)
		}
	}
	if ok, _ := u.app.Can(p, access.ReviewSubmission); ok && d.Account.Kind == member.Enterprise {
		list, err := u.app.Queries.Submissions.List(ctx, query.SubmissionList{Principal: p, MemberID: id,
			PageSize: memberSubmissionsShown})
		if err != nil {
			return v, err
		}
		v.SubmissionsTotal = list.Total
		for _, s := range list.Items {
			l := memberPortalLink{Title: s.Title, StatusLabel: s.Status.Label(), Date: s.SubmittedAt,
				Href: adminSubmissionsPath + "/" + url.PathEscape(s.ID)}
			if s.Status == submission.Rejected {
				l.Reason = s.Reason
			}
			v.Submissions = append(v.Submissions, l)
		}
	}
	c, err := u.app.Queries.MemberCard.ForStaff(ctx, p, d.Member)
	if err != nil {
		return v, err
	}
	if c.Issued {
		v.Card = &c
	}
	return v, nil
}
