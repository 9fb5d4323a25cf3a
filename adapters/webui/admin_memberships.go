package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// membershipsView is the data of 秘书处审批.
type membershipsView struct {
	Queue       query.SecretariatQueuePage
	Rows        []membershipRow
	ApprovePath string
	Today       string // the approval day (today in the association's time zone)
	ValidUntil  string // the validity an approval today gives
	Selected    map[string]bool
	PrevPage    string
	NextPage    string
}

// membershipRow is one member awaiting the secretariat.
type membershipRow struct {
	query.MembershipItem
	Forwarded string
	Paid      string // ¥5000 · 2019-09-21 · 银行转账
	// Sandbox is true when a sandbox gateway reported the fee: no money arrived.
	Sandbox bool
}

// Messages of 秘书处审批 after a redirect.
var membershipNotices = map[string]string{
	"approved": "已审批通过所选会员，会员有效期已生效，系统已通知相关会员",
}

// adminMembershipsList is 秘书处审批: the members whose fee is confirmed, with a
// checkbox each, the approval document number (文号) and 「审批通过」 for the
// checked ones.
func (u *UI) adminMembershipsList(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, membershipNotices)
	return u.renderMemberships(w, req, sc, p, nil, http.StatusOK)
}

func (u *UI) renderMemberships(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	selected []string, status int) error {
	q, err := u.app.Queries.SecretariatQueue.Handle(req.Context(), query.SecretariatQueue{
		Principal: sc.Session.Principal, Page: pageParam(req), PageSize: 100})
	if err != nil {
		return u.showError(w, req, err)
	}
	today := u.now()
	v := membershipsView{Queue: q, ApprovePath: adminMembershipsPath + "/approve",
		Today:      today.Format("2006-01-02"),
		ValidUntil: today.AddDate(1, 0, -1).Format("2006-01-02"), Selected: map[string]bool{}}
	for _, id := range selected {
		v.Selected[id] = true
	}
	for _, it := range q.Items {
		r := membershipRow{MembershipItem: it, Forwarded: u.minute(it.ForwardedAt)}
		if pi := it.Payment; pi != nil {
			r.Paid = pi.AmountText + " · " + calendarDay(pi.PaidOn) + " · " + pi.MethodLabel
			r.Sandbox = pi.Sandbox
		}
		v.Rows = append(v.Rows, r)
	}
	v.PrevPage, v.NextPage = queueLinks(q.Page, q.Pages, func(n int) string {
		return adminMembershipsPath + "?page=" + itoa(n)
	})
	p.Portal = u.staffPortal(sc, "memberships")
	p.Data = v
	u.render(w, req, status, "admin_memberships.html", p)
	return nil
}

// adminMembershipsApprove is 「审批通过」 for the checked members with the 文号:
// all of them or none (the page names the one that could not be approved).
func (u *UI) adminMembershipsApprove(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	ids, docNo := req.PostForm["member_id"], req.PostFormValue("doc_no")
	_, err := u.app.Commands.ApproveMemberships.Handle(req.Context(), command.ApproveMemberships{
		Principal: sc.Session.Principal, MemberIDs: ids, DocNo: docNo})
	if err != nil {
		e := apperr.As(err)
		switch e.Kind {
		case apperr.KindInvalid, apperr.KindConflict, apperr.KindNotFound:
		default:
			return u.showError(w, req, err)
		}
		p := u.newPage(w, req, "")
		p.Form = newForm().set("doc_no", docNo)
		p.Form.fail(e)
		return u.renderMemberships(w, req, sc, p, ids, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminMembershipsPath, "approved")
}
