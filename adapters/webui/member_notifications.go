package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// notesPageSize is how many notifications the 提醒 page lists at once.
const notesPageSize = 20

// notificationsView is the data of the 提醒 page.
type notificationsView struct {
	List     query.NotificationList
	Page     int
	Pages    int
	PrevPage int // 0 when none
	NextPage int // 0 when none
}

// memberNotifications is 提醒: every notification of the member, newest first,
// a page at a time. The unread ones of the page are shown as new and then marked
// read, so the header's count goes down.
func (u *UI) memberNotifications(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	page := pageParam(req)
	list, err := u.app.Queries.MemberNotifications.Handle(req.Context(), query.MemberNotifications{
		Principal: mc.Session.Principal, Limit: notesPageSize, Offset: (page - 1) * notesPageSize})
	if err != nil {
		return u.showError(w, req, err)
	}
	var unread []string
	for _, n := range list.Items {
		if !n.Read {
			unread = append(unread, n.ID)
		}
	}
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "")
	p.Portal.AlertsOpen = true
	if len(unread) > 0 {
		n, err := u.app.Commands.MarkNotificationsRead.Handle(req.Context(), command.MarkNotificationsRead{
			Principal: mc.Session.Principal, IDs: unread})
		if err != nil {
			// The list is still worth showing; the marks come next time.
			httpmw.Logger(req.Context(), u.log).Error("mark notifications read", "err", err)
		}
		p.Portal.Unread = max(list.Unread-n, 0)
	}
	v := notificationsView{List: list, Page: page, Pages: max((list.Total+notesPageSize-1)/notesPageSize, 1)}
	if page > 1 {
		v.PrevPage = page - 1
	}
	if page < v.Pages {
		v.NextPage = page + 1
	}
	p.Data = v
	u.render(w, req, http.StatusOK, "notifications.html", p)
	return nil
}
