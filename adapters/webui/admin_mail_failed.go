package webui

import (
	"net/http"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
)

// adminMailFailedPath is 邮件发送失败: the emails the mail server refused for
// good.
const adminMailFailedPath = "/admin/mail/failed"

// mailFailedView is the data of 邮件发送失败.
type mailFailedView struct {
	Page     query.UndeliveredMailPage
	Rows     []mailFailedRow
	PrevPage string
	NextPage string
}

// mailFailedRow is one undelivered email as the page shows it.
type mailFailedRow struct {
	To      string
	Subject string
	Error   string
	Queued  string
}

// adminMailFailed lists, for the admin, the emails that were never delivered
// (newest first): recipients, subject, the server's answer and when it was
// queued, so that somebody tells those people another way. The bodies are
// not shown.
func (u *UI) adminMailFailed(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	pg, err := u.app.Queries.UndeliveredMail.Handle(req.Context(), query.UndeliveredMail{
		Principal: sc.Session.Principal, Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := mailFailedView{Page: pg}
	for _, m := range pg.Items {
		v.Rows = append(v.Rows, mailFailedRow{To: strings.Join(m.To, "，"), Subject: m.Subject, Error: m.Error,
			Queued: u.minute(m.QueuedAt)})
	}
	v.PrevPage, v.NextPage = queueLinks(pg.Page, pg.Pages, func(n int) string {
		return adminMailFailedPath + "?page=" + itoa(n)
	})
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "home")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_mail_failed.html", p)
	return nil
}
