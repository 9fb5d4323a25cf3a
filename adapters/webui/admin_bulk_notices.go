package webui

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminBulkPath is 群发通知 (admin and editor).
const adminBulkPath = "/admin/bulk-notices"

// bulkListView is the data of 群发通知's list.
type bulkListView struct {
	List       query.BulkNoticesView
	Prev, Next string
}

// bulkNewView is the data of 新建群发通知: the filters (the member list's
// selects with their counts), the preview and the message form.
type bulkNewView struct {
	Preview    query.BulkNoticePreviewView
	Filters    template.HTML
	Values     url.Values // the filters as applied (hidden in the message form)
	RequestKey string
}

// bulkProgressJSON is the progress the detail page polls.
type bulkProgressJSON struct {
	ID         string `json:"id"`
	Recipients int    `json:"recipients"`
	Pending    int    `json:"pending"`
	Sent       int    `json:"sent"`
	Failed     int    `json:"failed"`
	Done       bool   `json:"done"`
}

// adminBulkList is 群发通知: the notices sent, newest first, with progress.
func (u *UI) adminBulkList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	list, err := u.app.Queries.BulkNotices.Handle(req.Context(), query.BulkNotices{Principal: sc.Session.Principal,
		Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := bulkListView{List: list}
	v.Prev, v.Next = queueLinks(list.Page, list.Pages, func(n int) string { return adminBulkPath + "?page=" + itoa(n) })
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "bulk-notices")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_bulk_notices.html", p)
	return nil
}

// adminBulkNew is 新建群发通知: the URL's filters select the recipients
// (「更新预览」 reloads with them); the form below writes the message.
func (u *UI) adminBulkNew(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm().set("portal", "on").set("email", "on")
	return u.renderBulkNew(w, req, sc, p, req.URL.Query(), newRequestKey(), http.StatusOK)
}

func (u *UI) renderBulkNew(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, raw url.Values,
	key string, status int) error {
	pv, err := u.app.Queries.BulkNoticePreview.Handle(req.Context(), query.BulkNoticePreview{
		Principal: sc.Session.Principal, Filters: filtersOf(raw)})
	if e := apperr.As(err); err != nil && e.Kind == apperr.KindInvalid {
		st, _ := p.ignoreBadFilters(e, raw)
		status = max(status, st)
		pv, err = u.app.Queries.BulkNoticePreview.Handle(req.Context(), query.BulkNoticePreview{
			Principal: sc.Session.Principal, Filters: filtersOf(raw)})
	}
	if err != nil {
		return u.showError(w, req, err)
	}
	v := bulkNewView{Preview: pv, Filters: filterItems(facetSelects(pv.Facets.All())), Values: pv.Filters.Query(),
		RequestKey: key}
	p.Portal = u.staffPortal(sc, "bulk-notices")
	p.Data = v
	u.render(w, req, status, "admin_bulk_notice_new.html", p)
	return nil
}

// adminBulkCreate is 「发送」: the notice goes to the members the hidden
// filters select; then its progress page. Bad input (or nobody selected)
// shows the form again with each field's message, nothing stored.
func (u *UI) adminBulkCreate(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	if err := req.ParseForm(); err != nil {
		return u.showError(w, req, apperr.Internal(err))
	}
	form := req.PostForm
	cmd := command.SendBulkNotice{Principal: sc.Session.Principal, Filters: filtersOf(form),
		Subject: form.Get("subject"), Body: form.Get("body"), Portal: form.Get("portal") == "on",
		Email: form.Get("email") == "on", RequestKey: form.Get("request_key")}
	c, err := u.app.Commands.SendBulkNotice.Handle(req.Context(), cmd)
	if err == nil {
		return redirectDone(w, req, adminBulkPath+"/"+url.PathEscape(c.ID), "sent")
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Form.fail(e)
	p.Form.set("subject", cmd.Subject).set("body", cmd.Body)
	if cmd.Portal {
		p.Form.set("portal", "on")
	}
	if cmd.Email {
		p.Form.set("email", "on")
	}
	return u.renderBulkNew(w, req, sc, p, cmd.Filters.Query(), cmd.RequestKey, httpkit.Status(e.Kind))
}

// adminBulkShow is one notice with its progress (the page polls the JSON).
func (u *UI) adminBulkShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v, err := u.app.Queries.BulkNoticeDetail.Handle(req.Context(), query.BulkNoticeDetail{
		Principal: sc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	if noticeFor(req, map[string]string{"sent": "sent"}) != "" {
		p.Notice = fmt.Sprintf("群发通知已提交，共 %d 位会员，正在按发送速率陆续发送", v.Campaign.Recipients)
	}
	p.Portal = u.staffPortal(sc, "bulk-notices")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_bulk_notice.html", p)
	return nil
}

// adminBulkProgress is the progress as JSON, for the detail page's polling.
func (u *UI) adminBulkProgress(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v, err := u.app.Queries.BulkNoticeDetail.Handle(req.Context(), query.BulkNoticeDetail{
		Principal: sc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.writeJSONError(w, req, err)
	}
	pr := v.Progress
	return writeJSON(w, http.StatusOK, bulkProgressJSON{ID: v.Campaign.ID, Recipients: v.Campaign.Recipients,
		Pending: pr.Pending, Sent: pr.Sent, Failed: pr.Failed, Done: pr.Done()})
}

// newRequestKey is a fresh idempotency key for a sending form.
func newRequestKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
