package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// queueTab is one tab of the review queue with its count.
type queueTab struct {
	Label  string
	Href   string
	Count  int
	Active bool
}

// reviewQueueView is the data of 入会审核.
type reviewQueueView struct {
	Queue    query.ReviewQueuePage
	Tabs     []queueTab
	Status   string
	PrevPage string // links, empty when none
	NextPage string
}

// adminApplicationsList is 入会审核: the counts of 待审核 / 已退回 / 已通过 and one
// page of the chosen tab (待审核 oldest first, the others latest first).
func (u *UI) adminApplicationsList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	status := member.Status(req.URL.Query().Get("status"))
	q, err := u.app.Queries.ReviewQueue.Handle(req.Context(), query.ReviewQueue{
		Principal: sc.Session.Principal, Status: status, Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := reviewQueueView{Queue: q, Status: string(q.Status)}
	for _, t := range []struct {
		label  string
		status member.Status
		count  int
	}{
		{"待审核", member.StatusSubmitted, q.Counts.Submitted},
		{"已退回", member.StatusRejected, q.Counts.Rejected},
		{"已通过", member.StatusApproved, q.Counts.Approved},
	} {
		v.Tabs = append(v.Tabs, queueTab{Label: t.label, Href: adminAppsPath + "?status=" + string(t.status),
			Count: t.count, Active: t.status == q.Status})
	}
	pageLink := func(n int) string {
		return adminAppsPath + "?status=" + string(q.Status) + "&page=" + itoa(n)
	}
	if q.Page > 1 {
		v.PrevPage = pageLink(q.Page - 1)
	}
	if q.Page < q.Pages {
		v.NextPage = pageLink(q.Page + 1)
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "applications")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_applications.html", p)
	return nil
}
