package webui

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/internal/httpkit"
)

// submissionsPath is 企业投稿 (issue 13 item 3).
const submissionsPath = "/member/submissions"

// submissionsView is the data of 企业投稿: the upload and 投稿记录.
type submissionsView struct {
	List     query.SubmissionListView
	Done     bool
	NewsPath string // the public 会员动态 column
	Prev     string
	Next     string
}

// memberSubmissions is 企业投稿: the manual's intro, 「上传投稿文件」, 投稿要求
// and 投稿记录 (title, date, status).
func (u *UI) memberSubmissions(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.renderSubmissions(w, req, mc, u.newPage(w, req, ""), http.StatusOK)
}

func (u *UI) renderSubmissions(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page,
	status int) error {
	page, _ := strconv.Atoi(req.URL.Query().Get("page"))
	list, err := u.app.Queries.Submissions.List(req.Context(), query.SubmissionList{Principal: mc.Session.Principal,
		Page: page})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := submissionsView{List: list, Done: req.URL.Query().Get("done") == "uploaded",
		NewsPath: content.MemberNews.Path()}
	if list.Page > 1 {
		v.Prev = submissionsPath + "?page=" + strconv.Itoa(list.Page-1)
	}
	if list.Page < list.Pages {
		v.Next = submissionsPath + "?page=" + strconv.Itoa(list.Page+1)
	}
	p.Portal = u.memberPortal(mc, "submissions")
	p.Data = v
	u.render(w, req, status, "member_submissions.html", p)
	return nil
}

// memberSubmissionUpload is 「上传投稿文件」 (the session is checked before the
// body is read; the body is bounded).
func (u *UI) memberSubmissionUpload(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	fh, status, err := uploadOf(req).singleFileOf(submission.Field, "只能上传1个投稿文件")
	if err == nil {
		file, oerr := fh.Open()
		if oerr != nil {
			return u.showError(w, req, apperr.Internal(oerr))
		}
		_, err = u.app.Commands.SubmitArticle.Handle(req.Context(), command.SubmitArticle{
			Principal: mc.Session.Principal, FileName: fh.Filename, Content: file})
		_ = file.Close()
		if err == nil {
			return redirectDone(w, req, submissionsPath, "uploaded")
		}
		status = 0
	}
	return u.refused(w, req, nil, status, err, func(p *page, status int) error {
		return u.renderSubmissions(w, req, mc, p, status)
	})
}

// memberSubmissionFile sends the member its own document.
func (u *UI) memberSubmissionFile(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	doc, err := u.app.Queries.Submissions.File(req.Context(), mc.Session.Principal, req.Param("id"))
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "submission.doc"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}
