package query

import (
	"context"
	"errors"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// ApplicationPDF asks for the filled application form as a PDF (「前往下载文件」):
// the principal's own when MemberID is empty.
type ApplicationPDF struct {
	Principal access.Principal
	MemberID  string
}

// Document is a rendered file to download.
type Document struct {
	FileName    string // e.g. 中国质量协会单位会员入会申请表-测试号.pdf
	ContentType string // application/pdf
	Content     []byte
}

// ApplicationPDFHandler renders application forms.
type ApplicationPDFHandler struct {
	members  ports.MemberRepository
	renderer ports.DocumentRenderer
	authz    ports.Authorizer
	assoc    string
}

// NewApplicationPDFHandler builds the handler; renderer may be nil when no PDF
// renderer is configured (the query then says so).
func NewApplicationPDFHandler(members ports.MemberRepository, renderer ports.DocumentRenderer, authz ports.Authorizer,
	assoc string) *ApplicationPDFHandler {
	return &ApplicationPDFHandler{members: members, renderer: renderer, authz: authz, assoc: assoc}
}

// Handle renders the form of the owner (or for staff allowed to read
// applications). The form must be complete: an incomplete one is a Conflict with
// code member.ErrFormIncomplete.
func (h *ApplicationPDFHandler) Handle(ctx context.Context, q ApplicationPDF) (Document, error) {
	id := memberOf(q.Principal, q.MemberID)
	if err := access.Authorize(h.authz, q.Principal, access.ReadApplication, id); err != nil {
		return Document{}, err
	}
	m, err := h.members.Get(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if !m.FormComplete() {
		return Document{}, apperr.Conflict(member.ErrFormIncomplete, "请先填写完整的入会申请表，再下载打印")
	}
	if h.renderer == nil {
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_unavailable",
			Message: "系统未配置PDF生成，暂时无法下载申请表，请联系协会工作人员"}
	}
	doc := FormDocumentOf(m, h.assoc)
	pdf, err := h.renderer.RenderForm(ctx, doc)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return Document{}, err
		}
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_failed",
			Message: "生成PDF文件失败，请稍后再试或联系协会工作人员", Err: fmt.Errorf("render application form: %w", err)}
	}
	return Document{FileName: doc.Title + "-" + doc.Subtitle + ".pdf", ContentType: "application/pdf", Content: pdf}, nil
}
