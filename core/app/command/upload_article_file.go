package command

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/id"
)

// UploadArticleFile adds a file to an article: an attachment (PDF, DOCX, XLSX,
// PNG or JPEG), its cover (replacing the old one) or a picture for the body
// (PNG or JPEG) — each told by its content, whatever its name says.
type UploadArticleFile struct {
	Principal access.Principal
	ArticleID string
	Kind      string // content.AttachFile, AttachCover or AttachImage
	FileName  string
	Content   io.Reader // read up to content.MaxAttachmentSize + 1 bytes
}

// ArticleFileField is the field of an upload's errors.
const ArticleFileField = "file"

// The content types of article files.
const (
	ContentTypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// UploadArticleFileHandler stores article files.
type UploadArticleFileHandler struct{ d ArticleDeps }

// NewUploadArticleFileHandler builds the handler.
func NewUploadArticleFileHandler(d ArticleDeps) *UploadArticleFileHandler {
	d.Loc, d.Images = orUTC(d.Loc), orDefaultImages(d.Images)
	return &UploadArticleFileHandler{d: d}
}

// Handle checks the file, stores it and adds it to the article (audited); it
// returns the stored attachment. A refused file leaves nothing behind.
func (h *UploadArticleFileHandler) Handle(ctx context.Context, cmd UploadArticleFile) (content.Attachment, error) {
	p, d := cmd.Principal, h.d
	before, err := d.loadForEdit(ctx, p, cmd.ArticleID, 0)
	if err != nil {
		return content.Attachment{}, err
	}
	if cmd.Kind == content.AttachFile && countFiles(before, content.AttachFile) >= content.MaxAttachments {
		return content.Attachment{}, articleFileError("too_many", "每篇文章最多10个附件")
	}
	if cmd.Content == nil {
		return content.Attachment{}, articleFileError("file_required", "请选择要上传的文件")
	}
	data, err := io.ReadAll(io.LimitReader(cmd.Content, content.MaxAttachmentSize+1))
	if err != nil {
		return content.Attachment{}, apperr.Internal(fmt.Errorf("read article upload: %w", err))
	}
	ct, ext, err := h.check(ctx, cmd.Kind, data)
	if err != nil {
		return content.Attachment{}, err
	}
	now := d.Clock.Now()
	f := content.Attachment{ID: id.New(now), Kind: cmd.Kind, Name: cleanFileName(cmd.FileName), ContentType: ct,
		Size: int64(len(data))}
	if f.Name == "" {
		f.Name = f.ID + ext
	}
	f.Key = "articles/" + before.ID + "/" + f.ID + ext
	if err := d.Files.Put(ctx, f.Key, bytes.NewReader(data)); err != nil {
		return content.Attachment{}, apperr.Internal(fmt.Errorf("store article file: %w", err))
	}
	a := before
	a.Files = make([]content.Attachment, 0, len(before.Files)+1)
	var replaced []string
	for _, old := range before.Files {
		if cmd.Kind == content.AttachCover && old.Kind == content.AttachCover {
			replaced = append(replaced, old.Key)
			continue
		}
		a.Files = append(a.Files, old)
	}
	a.Files = append(a.Files, f)
	if err := d.saveArticle(ctx, p, before, a, fmt.Sprintf("上传%s「%s」", kindLabel(cmd.Kind), f.Name)); err != nil {
		_ = d.Files.Delete(context.WithoutCancel(ctx), f.Key)
		return content.Attachment{}, errArticle("add article file", err)
	}
	for _, k := range replaced {
		_ = d.Files.Delete(context.WithoutCancel(ctx), k)
	}
	return f, nil
}

func countFiles(a content.Article, kind string) int {
	n := 0
	for _, f := range a.Files {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

func kindLabel(kind string) string {
	switch kind {
	case content.AttachCover:
		return "封面图片"
	case content.AttachImage:
		return "正文图片"
	}
	return "附件"
}

func articleFileError(code, msg string) error {
	var v apperr.Validation
	v.Add(ArticleFileField, code, msg)
	return v.Err()
}

// check tells the file's type by its content: pictures for covers and body
// images, and PDF, DOCX and XLSX besides for attachments.
func (h *UploadArticleFileHandler) check(ctx context.Context, kind string, data []byte) (ct, ext string,
	err error) {
	switch {
	case kind != content.AttachFile && kind != content.AttachCover && kind != content.AttachImage:
		return "", "", articleFileError("kind", "请选择文件用途")
	case len(data) == 0:
		return "", "", articleFileError("file_required", "请选择要上传的文件")
	case len(data) > content.MaxAttachmentSize:
		return "", "", articleFileError("file_too_large", "文件不能超过10MB")
	case isPNG(data) || isJPEG(data):
		ct, err := h.d.Images.Check(ctx, ArticleFileField, data)
		if err != nil {
			return "", "", err
		}
		return ct, map[bool]string{true: ".png", false: ".jpg"}[isPNG(data)], nil
	case kind != content.AttachFile:
		return "", "", articleFileError("file_type", "封面和正文图片只能是PNG或JPG格式")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		tail := data[max(0, len(data)-2048):]
		if !pdfHeader.Match(data) || !bytes.Contains(tail, []byte("%%EOF")) ||
			!bytes.Contains(data, []byte("startxref")) || !pdfObject.Match(data) {
			return "", "", articleFileError("file_corrupt", "PDF文件已损坏或不完整，无法读取")
		}
		return "application/pdf", ".pdf", nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return officeType(data)
	}
	return "", "", articleFileError("file_type", "附件只能是PDF、Word（DOCX）、Excel（XLSX）或PNG/JPG图片")
}

// officeType tells a DOCX from an XLSX by the parts its zip directory names.
func officeType(data []byte) (ct, ext string, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", "", articleFileError("file_corrupt", "文件已损坏或不完整，无法读取")
	}
	var types, word, excel bool
	for _, f := range zr.File {
		name := path.Clean(f.Name)
		switch {
		case name == "[Content_Types].xml":
			types = true
		case name == "word/document.xml":
			word = true
		case strings.EqualFold(name, "xl/workbook.xml"):
			excel = true
		}
	}
	switch {
	case types && word:
		return ContentTypeDOCX, ".docx", nil
	case types && excel:
		return ContentTypeXLSX, ".xlsx", nil
	}
	return "", "", articleFileError("file_type", "附件只能是PDF、Word（DOCX）、Excel（XLSX）或PNG/JPG图片")
}
