package query

import (
	"context"
	"errors"
	"fmt"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// MemberCardFile asks for the principal's card as a file: a PNG image, a
// card-size PDF or an A4 certificate PDF.
type MemberCardFile struct {
	Principal access.Principal
	Format    ports.CardFormat
}

// MemberCardFileHandler renders the downloads.
type MemberCardFileHandler struct{ d CardDeps }

// NewMemberCardFileHandler builds the handler.
func NewMemberCardFileHandler(d CardDeps) *MemberCardFileHandler { return &MemberCardFileHandler{d: d} }

// Handle draws the card with the association's name and logo and the QR code
// of its verification link. An unknown format is Invalid (field format).
func (h *MemberCardFileHandler) Handle(ctx context.Context, q MemberCardFile) (Document, error) {
	if !q.Format.Valid() {
		var v apperr.Validation
		v.Add("format", "format_invalid", "下载格式只能是 png、pdf 或 a4")
		return Document{}, v.Err()
	}
	v, err := h.d.ownCard(ctx, q.Principal)
	if err != nil {
		return Document{}, err
	}
	if h.d.Renderer == nil {
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "card_unavailable",
			Message: "系统未配置会员卡生成，暂时无法下载，请联系协会工作人员"}
	}
	name, logo := Brand(ctx, h.d.Site, h.d.Files)
	if name == "" {
		name = v.Association
	}
	doc := ports.CardDocument{Title: v.Title, Association: name, Logo: logo, Name: v.Name, Number: v.Number,
		KindLabel: v.KindLabel, Level: v.Level, Validity: v.Validity(), Status: v.StatusLabel, VerifyURL: v.VerifyURL,
		Issued: h.d.today().Format("2006-01-02")}
	if doc.Title == "我的会员卡" {
		doc.Title = "会员卡"
	}
	out, err := h.d.Renderer.RenderCard(ctx, doc, q.Format)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return Document{}, err
		}
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "card_failed",
			Message: "生成会员卡文件失败，请稍后再试或联系协会工作人员", Err: fmt.Errorf("render card: %w", err)}
	}
	file := doc.Title + "-" + v.Number
	switch q.Format {
	case ports.CardPNG:
		return Document{FileName: file + ".png", ContentType: "image/png", Content: out}, nil
	case ports.CardA4PDF:
		return Document{FileName: file + "-A4.pdf", ContentType: "application/pdf", Content: out}, nil
	}
	return Document{FileName: file + ".pdf", ContentType: "application/pdf", Content: out}, nil
}
