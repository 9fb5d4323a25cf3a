package webui

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/internal/httpkit"
)

// adminSubmissionsPath is 投稿审核: the editors' queue of 企业投稿.
const adminSubmissionsPath = "/admin/submissions"

// submissionTab is one status tab of the queue with its count.
type submissionTab struct {
	Label  string
	Href   string
	Count  int
	Active bool
}

// adminSubmissionsView is the queue.
type adminSubmissionsView struct {
	List       query.SubmissionListView
	Tabs       []submissionTab
	Prev, Next string
}

// editorOnly lets through the staff who may review submissions (editor, admin).
func (u *UI) editorOnly(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
	return u.staffWith(access.ReviewSubmission, h)
}

// adminSubmissions is 投稿审核: 待审核 / 已发布 / 未通过 with counts.
func (u *UI) adminSubmissions(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	status := submission.Status(req.URL.Query().Get("status"))
	page, _ := strconv.Atoi(req.URL.Query().Get("page"))
	list, err := u.app.Queries.Submissions.List(req.Context(), query.SubmissionList{Principal: sc.Session.Principal,
		Status: status, Page: page})
	if err != nil {
		return u.showError(w, req, err)
	}
	link := func(s submission.Status, page int) string {
		q := url.Values{"status": {string(s)}}
		if page > 1 {
			q.Set("page", strconv.Itoa(page))
		}
		return adminSubmissionsPath + "?" + q.Encode()
	}
	v := adminSubmissionsView{List: list}
	for _, s := range submission.Statuses() {
		v.Tabs = append(v.Tabs, submissionTab{Label: s.Label(), Href: link(s, 1), Count: list.Counts[s],
			Active: s == list.Status})
	}
	if list.Page > 1 {
		v.Prev = link(list.Status, list.Page-1)
	}
	if list.Page < list.Pages {
		v.Next = link(list.Status, list.Page+1)
	}
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "submissions")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_submissions.html", p)
	return nil
}

// adminSubmission is one submission: the document's text (a .docx), the
// approve form pre-filled from it, and the reject form.
func (u *UI) adminSubmission(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	return u.renderSubmission(w, req, sc, u.newPage(w, req, ""), http.StatusOK)
}

func (u *UI) renderSubmission(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	status int) error {
	v, err := u.app.Queries.Submissions.Detail(req.Context(), sc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	if p.Form == nil {
		// Each of the document's paragraphs a Markdown paragraph.
		p.Form = newForm().set("title", v.Submission.Title).set("body", strings.ReplaceAll(v.Text, "\n", "\n\n"))
	}
	p.Portal = u.staffPortal(sc, "submissions")
	p.Data = v
	u.render(w, req, status, "admin_submission.html", p)
	return nil
}

// adminSubmissionApprove publishes the submission to 会员动态.
func (u *UI) adminSubmissionApprove(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm().set("title", req.PostFormValue("title")).set("body", req.PostFormValue("body"))
	_, err := u.app.Commands.ApproveSubmission.Handle(req.Context(), command.ApproveSubmission{
		Principal: sc.Session.Principal, ID: req.Param("id"), Title: f.Value("title"), Body: f.Value("body")})
	if err != nil {
		return u.refused(w, req, f, 0, err, func(p *page, status int) error {
			return u.renderSubmission(w, req, sc, p, status)
		})
	}
	return redirectDone(w, req, adminSubmissionsPath, "approved")
}

// adminSubmissionReject returns the submission with its reason.
func (u *UI) adminSubmissionReject(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm().set("reason", req.PostFormValue("reason"))
	err := u.app.Commands.RejectSubmission.Handle(req.Context(), command.RejectSubmission{
		Principal: sc.Session.Principal, ID: req.Param("id"), Reason: f.Value("reason")})
	if err != nil {
		return u.refused(w, req, f, 0, err, func(p *page, status int) error {
			return u.renderSubmission(w, req, sc, p, status)
		})
	}
	return redirectDone(w, req, adminSubmissionsPath, "rejected")
}

// adminSubmissionFile sends the document (a .doc is read this way).
func (u *UI) adminSubmissionFile(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	doc, err := u.app.Queries.Submissions.File(req.Context(), sc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "submission.doc"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}
