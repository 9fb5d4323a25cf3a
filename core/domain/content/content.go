// Package content holds the association's own voice: the articles of the
// public site's columns (通知公告, 协会新闻, 活动通告 and the fee notice text),
// written in Markdown by the admin or an editor, each with its audience, its
// attachments and its life draft → published → archived, optionally on a
// schedule (publish at, unpublish at).
package content

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// Column is one of the site's columns.
type Column string

// The columns.
const (
	Notices   Column = "notices"    // 通知公告
	News      Column = "news"       // 协会新闻
	Events    Column = "events"     // 活动通告 (the member home)
	FeeNotice Column = "fee_notice" // 缴费须知 (the fee page's notice text)
	// MemberNews is 会员动态: members' news (approved submissions, or written
	// by the editor).
	MemberNews Column = "member_news"
)

// Columns lists the columns in menu order.
func Columns() []Column { return []Column{Notices, News, MemberNews, Events, FeeNotice} }

// Valid reports whether c is a known column.
func (c Column) Valid() bool {
	switch c {
	case Notices, News, Events, FeeNotice, MemberNews:
		return true
	}
	return false
}

// Label is the column's Chinese name.
func (c Column) Label() string {
	switch c {
	case Notices:
		return "通知公告"
	case News:
		return "协会新闻"
	case Events:
		return "活动通告"
	case FeeNotice:
		return "缴费须知"
	case MemberNews:
		return "会员动态"
	}
	return string(c)
}

// Path is the column's list page on the site ("" for the fee notice, shown
// on the fee page).
func (c Column) Path() string {
	switch c {
	case Notices:
		return "/notices"
	case News:
		return "/news"
	case MemberNews:
		return "/member-news"
	case Events:
		return "/events"
	}
	return ""
}

// Audience says who may read an article.
type Audience string

// The audiences.
const (
	Public  Audience = "public"  // 所有访客
	Members Audience = "members" // 会员
	Council Audience = "council" // 理事及以上会员
)

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return a == Public || a == Members || a == Council }

// Label is the audience's Chinese name.
func (a Audience) Label() string {
	switch a {
	case Members:
		return "仅会员"
	case Council:
		return "仅理事及以上会员"
	}
	return "公开"
}

// Status is where an article is in its life.
type Status string

// The statuses.
const (
	Draft     Status = "draft"     // 草稿
	Published Status = "published" // 已发布 (or scheduled: PublishAt ahead)
	Archived  Status = "archived"  // 已归档
)

// Label is the status's Chinese name.
func (s Status) Label() string {
	switch s {
	case Published:
		return "已发布"
	case Archived:
		return "已归档"
	}
	return "草稿"
}

// Limits of an article.
const (
	MaxTitleLen       = 100
	MaxBodyLen        = 50000
	MaxAttachments    = 10
	MaxAttachmentSize = 10 << 20
)

// Attachment is an uploaded file of an article: an attachment to download, the
// cover, or a picture of the body (Kind).
type Attachment struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"` // AttachFile, AttachCover or AttachImage
	Name        string `json:"name"` // as uploaded, for display only
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Key         string `json:"key"` // the file store's key
}

// The kinds of attachment.
const (
	AttachFile  = "file"
	AttachCover = "cover"
	AttachImage = "image"
)

// Article is one article of a column.
type Article struct {
	ID       string
	Column   Column
	Title    string
	Date     time.Time // the article's date, a calendar day (midnight UTC)
	Body     string    // Markdown, sanitised when rendered
	Audience Audience
	Pinned   bool
	Status   Status
	// PublishAt and UnpublishAt schedule a published article: shown from
	// PublishAt (zero: at once) until UnpublishAt (zero: for good).
	PublishAt   time.Time
	UnpublishAt time.Time
	Files       []Attachment
	CreatedAt   time.Time
	UpdatedAt   time.Time
	UpdatedBy   string
	// Version counts saves; a save of an older version is refused.
	Version int
}

// Visible reports whether the article is shown to readers at now (before the
// audience is asked).
func (a *Article) Visible(now time.Time) bool {
	return a.Status == Published && (a.PublishAt.IsZero() || !now.Before(a.PublishAt)) &&
		(a.UnpublishAt.IsZero() || now.Before(a.UnpublishAt))
}

// Scheduled reports whether a published article waits for its PublishAt.
func (a *Article) Scheduled(now time.Time) bool {
	return a.Status == Published && !a.PublishAt.IsZero() && now.Before(a.PublishAt)
}

// Ended reports whether a published article's UnpublishAt has passed.
func (a *Article) Ended(now time.Time) bool {
	return a.Status == Published && !a.UnpublishAt.IsZero() && !now.Before(a.UnpublishAt)
}

// Cover returns the cover picture, if any.
func (a *Article) Cover() (Attachment, bool) {
	for _, f := range a.Files {
		if f.Kind == AttachCover {
			return f, true
		}
	}
	return Attachment{}, false
}

// File returns the attachment with the id.
func (a *Article) File(id string) (Attachment, bool) {
	for _, f := range a.Files {
		if f.ID == id {
			return f, true
		}
	}
	return Attachment{}, false
}

// Normalize trims the text fields.
func (a *Article) Normalize() {
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Body = strings.ReplaceAll(strings.TrimSpace(a.Body), "\r\n", "\n")
}

// Validate checks the fields; before is the stored article (nil for a new
// one), now the time of the save: a publish time that is set or changed must
// lie ahead, and an unpublish time after it and after now.
func (a *Article) Validate(before *Article, now time.Time) error {
	var v apperr.Validation
	if !a.Column.Valid() {
		v.Add("column", "invalid", "请选择栏目")
	}
	switch n := utf8.RuneCountInString(a.Title); {
	case n == 0:
		v.Add("title", "required", "请输入标题")
	case n > MaxTitleLen:
		v.Add("title", "too_long", "标题不能超过100个字")
	}
	if a.Date.IsZero() {
		v.Add("date", "required", "请输入日期")
	}
	if utf8.RuneCountInString(a.Body) > MaxBodyLen {
		v.Add("body", "too_long", "正文不能超过50000个字")
	}
	if !a.Audience.Valid() {
		v.Add("audience", "invalid", "请选择可见范围")
	}
	changed := before == nil || !before.PublishAt.Equal(a.PublishAt)
	if !a.PublishAt.IsZero() && changed && a.PublishAt.Before(now) {
		v.Add("publish_at", "past", "定时发布时间不能早于当前时间")
	}
	if !a.UnpublishAt.IsZero() {
		uchanged := before == nil || !before.UnpublishAt.Equal(a.UnpublishAt)
		switch {
		case uchanged && a.UnpublishAt.Before(now):
			v.Add("unpublish_at", "past", "定时下线时间不能早于当前时间")
		case !a.PublishAt.IsZero() && !a.UnpublishAt.After(a.PublishAt):
			v.Add("unpublish_at", "before_publish", "定时下线时间必须晚于发布时间")
		}
	}
	return v.Err()
}

// CanMove reports whether an article may go from one status to another:
// draft → published, published → draft (撤回) or archived, archived → draft.
func CanMove(from, to Status) bool {
	switch from {
	case Draft:
		return to == Published
	case Published:
		return to == Draft || to == Archived
	case Archived:
		return to == Draft
	}
	return false
}

// ReadableBy lists the audiences a reader sees: everyone the public, members
// also the members', council members also the council's.
func ReadableBy(member, council bool) []Audience {
	switch {
	case council:
		return []Audience{Public, Members, Council}
	case member:
		return []Audience{Public, Members}
	}
	return []Audience{Public}
}
