// Package submission holds 企业投稿: an enterprise member's manuscript (a Word
// document), reviewed by the editors, published to the public 会员动态 column
// when approved.
package submission

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// MaxBytes bounds an uploaded document: 「文档限定10MB以内」.
const MaxBytes = 10 << 20

// Field is the upload's form field.
const Field = "file"

// ErrNotFound is the code of a submission that is not there (or another
// member's).
const ErrNotFound = "submission_not_found"

// Status is where a submission stands.
type Status string

// The statuses.
const (
	Pending  Status = "pending"  // 待审核
	Approved Status = "approved" // 已发布
	Rejected Status = "rejected" // 未通过
)

// Statuses lists them in the queue's order.
func Statuses() []Status { return []Status{Pending, Approved, Rejected} }

// Label is the status in the portal's words.
func (s Status) Label() string {
	switch s {
	case Pending:
		return "待审核"
	case Approved:
		return "已发布"
	case Rejected:
		return "未通过"
	}
	return string(s)
}

// Format is the document's format, found by content.
type Format string

// The formats.
const (
	DOC  Format = "doc"  // Word 97–2003 (OLE compound file)
	DOCX Format = "docx" // Office Open XML
)

// Submission is one uploaded manuscript.
type Submission struct {
	ID          string
	MemberID    string
	MemberName  string
	Title       string // the file's name without its extension
	FileName    string
	FileKey     string
	Format      Format
	Size        int64
	Status      Status
	Reason      string // a rejection's reason
	ArticleID   string // the 会员动态 article of an approved one
	SubmittedAt time.Time
	ReviewedAt  time.Time
	ReviewedBy  string
}

// ContentType is the document's media type.
func (s Submission) ContentType() string {
	if s.Format == DOCX {
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/msword"
}

// NotFound is the refusal of an unknown (or another member's) submission.
func NotFound() error { return apperr.NotFound(ErrNotFound, "投稿记录不存在") }

// TitleOf is the title a file name gives (its name without the extension),
// bounded to 100 characters.
func TitleOf(fileName string) string {
	name := fileName
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndex(name, "."); i > 0 {
		name = name[:i]
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	if name == "" {
		name = "企业投稿"
	}
	return name
}

// ErrReviewed is the code of a review of a submission already reviewed.
const ErrReviewed = "submission_reviewed"

// Reviewed is the refusal of a second review (two reviewers at once).
func Reviewed() error {
	return apperr.Conflict(ErrReviewed, "该投稿已被其他工作人员审核，请刷新后查看")
}
