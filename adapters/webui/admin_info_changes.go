package webui

import (
	"net/http"
	"net/url"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/infochange"
	"github.com/openassoc/membership/core/domain/member"
)

// adminInfoChangesPath is 信息变更审核, the reviewers' queue.
const adminInfoChangesPath = "/admin/info-changes"

// infoChangeQueueView is the data of 信息变更审核.
type infoChangeQueueView struct {
	Queue    query.InfoChangeQueueView
	Tabs     []queueTab
	Rows     []infoChangeRow
	Pending  bool
	PrevPage string
	NextPage string
}

// adminInfoChangesList is 信息变更审核: the counts of 待审核 / 已通过 / 未通过 /
// 已撤回 and one page of the chosen tab.
func (u *UI) adminInfoChangesList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q, err := u.app.Queries.InfoChanges.Queue(req.Context(), query.InfoChangeQueue{Principal: sc.Session.Principal,
		Status: infochange.Status(req.URL.Query().Get("status")), Page: pageParam(req)})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := infoChangeQueueView{Queue: q, Pending: q.Status == infochange.Pending}
	for _, s := range infochange.Statuses() {
		v.Tabs = append(v.Tabs, queueTab{Label: s.Label(), Href: adminInfoChangesPath + "?status=" + string(s),
			Count: q.Counts[s], Active: s == q.Status})
	}
	for _, r := range q.Rows {
		v.Rows = append(v.Rows, infoChangeRowOf(r))
	}
	v.PrevPage, v.NextPage = queueLinks(q.Page, q.Pages, func(n int) string {
		return adminInfoChangesPath + "?status=" + string(q.Status) + "&page=" + itoa(n)
	})
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "info-changes")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_info_changes.html", p)
	return nil
}

// infoChangeDetailView is one request: old → new side by side.
type infoChangeDetailView struct {
	infoChangeRow
	KindLabel string
	Rows      []infochange.Row
	Base      string
	ProofURL  string
	MemberURL string
	BackURL   string
}

// adminInfoChangeShow is one request: every field before → after with the
// changed ones highlighted, the proof inline (a picture) or as a link (a
// PDF), and the decision while it is pending.
func (u *UI) adminInfoChangeShow(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, map[string]string{"approved": "已审核通过，会员信息已更新并通知该会员",
		"rejected": "已退回，该会员将收到未通过的原因"})
	return u.renderInfoChangeDetail(w, req, sc, p, http.StatusOK)
}

func (u *UI) renderInfoChangeDetail(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	status int) error {
	r, err := u.app.Queries.InfoChanges.Detail(req.Context(), query.InfoChangeDetail{
		Principal: sc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	base := adminInfoChangesPath + "/" + url.PathEscape(r.ID)
	kind := "单位会员"
	if r.Kind == member.Individual {
		kind = "个人会员"
	}
	p.Portal = u.staffPortal(sc, "info-changes")
	p.Data = infoChangeDetailView{infoChangeRow: infoChangeRowOf(r), KindLabel: kind, Rows: r.Rows(), Base: base,
		ProofURL: base + "/proof", MemberURL: adminMembersPath + "/" + url.PathEscape(r.MemberID),
		BackURL: adminInfoChangesPath + "?status=" + string(r.Status)}
	u.render(w, req, status, "admin_info_change.html", p)
	return nil
}

// adminInfoChangeApprove applies the change; a name or USCC taken meanwhile,
// or a request decided already, comes back on the page.
func (u *UI) adminInfoChangeApprove(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	err := u.app.Commands.ApproveInfoChange.Handle(req.Context(), command.ApproveInfoChange{
		Principal: sc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.refused(w, req, nil, 0, err, func(p *page, status int) error {
			return u.renderInfoChangeDetail(w, req, sc, p, status)
		})
	}
	return redirectDone(w, req, adminInfoChangesPath+"/"+url.PathEscape(req.Param("id")), "approved")
}

// adminInfoChangeReject rejects the change with the reason the member reads.
func (u *UI) adminInfoChangeReject(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	reason := req.PostFormValue("reason")
	err := u.app.Commands.RejectInfoChange.Handle(req.Context(), command.RejectInfoChange{
		Principal: sc.Session.Principal, ID: req.Param("id"), Reason: reason})
	if err != nil {
		return u.refused(w, req, newForm().set("reason", reason), 0, err, func(p *page, status int) error {
			return u.renderInfoChangeDetail(w, req, sc, p, status)
		})
	}
	return redirectDone(w, req, adminInfoChangesPath+"/"+url.PathEscape(req.Param("id")), "rejected")
}

// adminInfoChangeProof sends a request's proof to the staff.
func (u *UI) adminInfoChangeProof(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	pf, err := u.app.Queries.InfoChanges.Proof(req.Context(), query.InfoChangeDetail{
		Principal: sc.Session.Principal, ID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return serveProof(w, pf)
}
