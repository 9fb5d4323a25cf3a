package command

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/submission"
)

// SubmitArticle is 「上传投稿文件」: an enterprise member's Word document.
type SubmitArticle struct {
	Principal access.Principal
	FileName  string
	Content   io.Reader // read up to submission.MaxBytes + 1 bytes
}

// SubmitArticleHandler stores submissions.
type SubmitArticleHandler struct{ d SubmissionDeps }

// NewSubmitArticleHandler builds the handler.
func NewSubmitArticleHandler(d SubmissionDeps) *SubmitArticleHandler {
	return &SubmitArticleHandler{d: d}
}

// Handle checks the document by content (submission.Check: .doc or .docx, no
// macros, at most 10 MB), stores it and adds the submission 待审核; it returns
// its id. A refused file leaves nothing behind.
func (h *SubmitArticleHandler) Handle(ctx context.Context, cmd SubmitArticle) (string, error) {
	d, p := h.d, cmd.Principal
	if err := access.Authorize(d.Authz, p, access.SubmitOwnArticle, p.ID); err != nil {
		return "", err
	}
	m, err := d.Members.Get(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if m.Kind() != member.Enterprise || m.Number() == "" {
		return "", apperr.Forbidden("enterprise_only", "企业投稿仅供已审核通过的单位会员使用")
	}
	if cmd.Content == nil {
		return "", submission.FieldError("file_required", "请选择投稿文件")
	}
	data, err := io.ReadAll(io.LimitReader(cmd.Content, submission.MaxBytes+1))
	if err != nil {
		return "", apperr.Internal(fmt.Errorf("read submission: %w", err))
	}
	format, err := submission.Check(cmd.FileName, data)
	if err != nil {
		return "", err
	}
	now := d.Clock.Now()
	s := submission.Submission{ID: id.New(now), MemberID: m.ID(), MemberName: m.Name(),
		Title: submission.TitleOf(cmd.FileName), FileName: cmd.FileName, Format: format, Size: int64(len(data)),
		Status: submission.Pending, SubmittedAt: now}
	s.FileKey = "submissions/" + s.ID + "." + string(format)
	if err := d.Files.Put(ctx, s.FileKey, bytes.NewReader(data)); err != nil {
		return "", apperr.Internal(fmt.Errorf("store submission: %w", err))
	}
	if err := d.Submissions.AddSubmission(ctx, s); err != nil {
		_ = d.Files.Delete(context.WithoutCancel(ctx), s.FileKey)
		return "", apperr.Internal(err)
	}
	return s.ID, nil
}
