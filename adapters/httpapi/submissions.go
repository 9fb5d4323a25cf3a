package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/internal/httpkit"
)

// submissionJSON is one 企业投稿 (schema Submission).
type submissionJSON struct {
	ID          string  `json:"id"`
	MemberID    string  `json:"member_id"`
	MemberName  string  `json:"member_name"`
	Title       string  `json:"title"`
	FileName    string  `json:"file_name"`
	Format      string  `json:"format"`
	Size        int64   `json:"size"`
	Status      string  `json:"status"`
	StatusLabel string  `json:"status_label"`
	Reason      string  `json:"reason"`
	ArticleID   *string `json:"article_id"`
	SubmittedAt string  `json:"submitted_at"`
}

func newSubmission(s submission.Submission) submissionJSON {
	return submissionJSON{ID: s.ID, MemberID: s.MemberID, MemberName: s.MemberName, Title: s.Title,
		FileName: s.FileName, Format: string(s.Format), Size: s.Size, Status: string(s.Status),
		StatusLabel: s.Status.Label(), Reason: s.Reason, ArticleID: optional(s.ArticleID),
		SubmittedAt: s.SubmittedAt.UTC().Format("2006-01-02T15:04:05Z")}
}

// submissionListJSON is a page of submissions (schema SubmissionList); counts
// by status for the editors.
type submissionListJSON struct {
	Items  []submissionJSON `json:"items"`
	Total  int              `json:"total"`
	Page   int              `json:"page"`
	Pages  int              `json:"pages"`
	Counts map[string]int   `json:"counts"`
}

// submissionDetailJSON is a submission with the text of its .docx (schema
// SubmissionDetail).
type submissionDetailJSON struct {
	Submission submissionJSON `json:"submission"`
	Text       string         `json:"text"`
}

// approveSubmissionRequest publishes a submission (schema ApproveSubmissionRequest).
type approveSubmissionRequest struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

func (a *API) submissionList(w http.ResponseWriter, req bunrouter.Request, p access.Principal) error {
	page, _ := strconv.Atoi(req.URL.Query().Get("page"))
	v, err := a.app.Queries.Submissions.List(req.Context(), query.SubmissionList{Principal: p, Page: page,
		Status: submission.Status(req.URL.Query().Get("status"))})
	if err != nil {
		return err
	}
	out := submissionListJSON{Items: []submissionJSON{}, Total: v.Total, Page: v.Page, Pages: v.Pages,
		Counts: map[string]int{}}
	for _, s := range v.Items {
		out.Items = append(out.Items, newSubmission(s))
	}
	for s, n := range v.Counts {
		out.Counts[string(s)] = n
	}
	return a.ok(w, http.StatusOK, out)
}

// getMySubmissions is GET /me/submissions: 投稿记录.
func (a *API) getMySubmissions(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.submissionList(w, req, p)
}

// submitMyArticle is POST /me/submissions: 「上传投稿文件」 in the multipart
// field "file" (.doc or .docx, at most 10 MB); the session and the right are
// checked before the body is read.
func (a *API) submitMyArticle(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Authorize(p, access.SubmitOwnArticle); err != nil {
		return err
	}
	up, err := openUpload(w, req.Request, submission.Field, "只能上传1个投稿文件")
	if err != nil {
		return err
	}
	defer up.Close()
	id, err := a.app.Commands.SubmitArticle.Handle(req.Context(), command.SubmitArticle{Principal: p,
		FileName: up.Name, Content: up.File})
	if err != nil {
		return err
	}
	v, err := a.app.Queries.Submissions.List(req.Context(), query.SubmissionList{Principal: p, PageSize: 1})
	if err != nil {
		return err
	}
	for _, s := range v.Items {
		if s.ID == id {
			return a.ok(w, http.StatusCreated, newSubmission(s))
		}
	}
	return submission.NotFound()
}

// getSubmissionFile is GET /me/submissions/{id}/file and
// /submissions/{id}/file: the document, to its member or the editors.
func (a *API) getSubmissionFile(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	doc, err := a.app.Queries.Submissions.File(req.Context(), s.Principal, req.Param("submission_id"))
	if err != nil {
		return err
	}
	writeBinary(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "submission.doc"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
	return nil
}

// listSubmissions is GET /submissions?status=: the editors' queue.
func (a *API) listSubmissions(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.submissionList(w, req, s.Principal)
}

// getSubmission is GET /submissions/{id}: with the text of a .docx.
func (a *API) getSubmission(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	v, err := a.app.Queries.Submissions.Detail(req.Context(), s.Principal, req.Param("submission_id"))
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, submissionDetailJSON{Submission: newSubmission(v.Submission), Text: v.Text})
}

// approveSubmission is POST /submissions/{id}/approve: publish to 会员动态.
func (a *API) approveSubmission(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in approveSubmissionRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if _, err := a.app.Commands.ApproveSubmission.Handle(req.Context(), command.ApproveSubmission{
		Principal: s.Principal, ID: req.Param("submission_id"), Title: in.Title, Body: in.Body}); err != nil {
		return err
	}
	return a.submissionDetail(w, req, s.Principal)
}

// rejectSubmission is POST /submissions/{id}/reject with the reason.
func (a *API) rejectSubmission(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in rejectRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.RejectSubmission.Handle(req.Context(), command.RejectSubmission{
		Principal: s.Principal, ID: req.Param("submission_id"), Reason: in.Reason}); err != nil {
		return err
	}
	return a.submissionDetail(w, req, s.Principal)
}

func (a *API) submissionDetail(w http.ResponseWriter, req bunrouter.Request, p access.Principal) error {
	v, err := a.app.Queries.Submissions.Detail(req.Context(), p, req.Param("submission_id"))
	if err != nil {
		return err
	}
	return a.ok(w, http.StatusOK, submissionDetailJSON{Submission: newSubmission(v.Submission), Text: v.Text})
}
