package query

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/ports"
)

// SubmissionDeps are the ports of 企业投稿's queries.
type SubmissionDeps struct {
	Submissions ports.SubmissionRepository
	Files       ports.FileStore
	Authz       ports.Authorizer
}

// SubmissionList asks for a page of submissions: the member's own 投稿记录
// (a member principal), or the editors' queue of a status (staff).
type SubmissionList struct {
	Principal access.Principal
	Status    submission.Status // staff: empty is 待审核 (every status with MemberID)
	// MemberID (staff) lists one member's submissions only.
	MemberID string
	Page     int
	PageSize int
}

// SubmissionListView is one page, with the queue's counts for staff.
type SubmissionListView struct {
	Items    []submission.Submission
	Total    int
	Page     int
	Pages    int
	Status   submission.Status
	Counts   map[submission.Status]int
	PageSize int
}

// SubmissionsHandler serves 企业投稿's lists, details and files.
type SubmissionsHandler struct{ d SubmissionDeps }

// NewSubmissionsHandler builds the handler.
func NewSubmissionsHandler(d SubmissionDeps) *SubmissionsHandler { return &SubmissionsHandler{d: d} }

// List returns a member's own submissions or, for the editors, the queue.
func (h *SubmissionsHandler) List(ctx context.Context, q SubmissionList) (SubmissionListView, error) {
	page, size := paging(q.Page, q.PageSize)
	f := ports.SubmissionFilter{Limit: size, Offset: (page - 1) * size}
	v := SubmissionListView{Page: page, PageSize: size}
	if q.Principal.IsMember() {
		if err := access.Authorize(h.d.Authz, q.Principal, access.ReadOwnSubmissions, q.Principal.ID); err != nil {
			return v, err
		}
		f.MemberID = q.Principal.ID
	} else {
		if err := access.Authorize(h.d.Authz, q.Principal, access.ReviewSubmission, ""); err != nil {
			return v, err
		}
		v.Status = q.Status
		if v.Status == "" && q.MemberID == "" {
			v.Status = submission.Pending
		}
		f.Status, f.MemberID = v.Status, q.MemberID
		counts, err := h.d.Submissions.CountSubmissions(ctx)
		if err != nil {
			return v, apperr.Internal(err)
		}
		v.Counts = counts
	}
	items, total, err := h.d.Submissions.ListSubmissions(ctx, f)
	if err != nil {
		return v, apperr.Internal(err)
	}
	v.Items, v.Total, v.Pages = items, total, pages(total, size)
	return v, nil
}

// CountPending is the 投稿审核 work queue's size: the submissions waiting for
// an editor (待审核), from the store's aggregate by status.
func (h *SubmissionsHandler) CountPending(ctx context.Context) (int, error) {
	counts, err := h.d.Submissions.CountSubmissions(ctx)
	if err != nil {
		return 0, apperr.Internal(err)
	}
	return counts[submission.Pending], nil
}

// SubmissionDetailView is a submission for its review: the text of a .docx
// (a .doc is offered as a download only).
type SubmissionDetailView struct {
	Submission submission.Submission
	Text       string
	// TextError says why no text could be read from a .docx.
	TextError string
}

// Detail returns a submission with its text, for the editors.
func (h *SubmissionsHandler) Detail(ctx context.Context, p access.Principal, id string) (SubmissionDetailView,
	error) {
	if err := access.Authorize(h.d.Authz, p, access.ReviewSubmission, ""); err != nil {
		return SubmissionDetailView{}, err
	}
	s, err := h.d.Submissions.GetSubmission(ctx, id)
	if err != nil {
		return SubmissionDetailView{}, err
	}
	v := SubmissionDetailView{Submission: s}
	if s.Format != submission.DOCX {
		return v, nil
	}
	data, err := h.read(ctx, s)
	if err != nil {
		return v, err
	}
	if v.Text, err = submission.ExtractText(data); err != nil {
		v.TextError = "无法读取文档正文，请下载原文件查看"
	}
	return v, nil
}

// File returns the document to its member or to the editors; anybody else
// is told it does not exist.
func (h *SubmissionsHandler) File(ctx context.Context, p access.Principal, id string) (Document, error) {
	s, err := h.d.Submissions.GetSubmission(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if p.IsMember() {
		if p.ID != s.MemberID {
			return Document{}, submission.NotFound()
		}
		err = access.Authorize(h.d.Authz, p, access.ReadOwnSubmissions, p.ID)
	} else {
		err = access.Authorize(h.d.Authz, p, access.ReviewSubmission, "")
	}
	if err != nil {
		return Document{}, err
	}
	data, err := h.read(ctx, s)
	if err != nil {
		return Document{}, err
	}
	return Document{FileName: s.FileName, ContentType: s.ContentType(), Content: data}, nil
}

func (h *SubmissionsHandler) read(ctx context.Context, s submission.Submission) ([]byte, error) {
	rc, err := h.d.Files.Open(ctx, s.FileKey)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rc.Close() }()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(rc, submission.MaxBytes+1)); err != nil {
		return nil, apperr.Internal(fmt.Errorf("read submission: %w", err))
	}
	return buf.Bytes(), nil
}
