// Package bulknotice holds the bulk notices (群发通知) staff send to the members a
// registry filter selects: the campaign (subject, body, channels, who and
// when), its recipients (one per member, whatever happens) and their
// delivery progress.
package bulknotice

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/id"
)

// Bounds of a notice.
const (
	MaxSubjectLen = 100
	// MaxBodyLen keeps the in-portal notification (subject and body) within
	// notification.MaxTextLen.
	MaxBodyLen = 800
	// MaxRequestKeyLen bounds the form's idempotency key.
	MaxRequestKeyLen = 64
)

// Campaign is one bulk notice: the message and whom it went to.
type Campaign struct {
	ID      string
	Subject string
	Body    string
	// Portal sends an in-portal notification (通知提醒), Email an email
	// through the mail queue; at least one is set.
	Portal bool
	Email  bool
	// Filters is the registry's filter as the staff chose it (a URL query
	// string of the member list's parameters), FilterSummary its wording.
	Filters       string
	FilterSummary string
	// RequestKey is the sending form's idempotency key: a second request with
	// the same key finds this campaign instead of making another.
	RequestKey string
	// CreatedBy is the staff account that sent it.
	CreatedBy string
	CreatedAt time.Time
	// StartedAt is when delivery began (zero until the dispatcher took it);
	// the send rate counts from it.
	StartedAt time.Time
	// Recipients is how many members it went to (fixed when it is sent).
	Recipients int
}

// Channels names the channels in Chinese.
func (c Campaign) Channels() string {
	var out []string
	if c.Portal {
		out = append(out, "站内通知")
	}
	if c.Email {
		out = append(out, "电子邮件")
	}
	return strings.Join(out, "、")
}

// New checks the message and returns a campaign of it (not yet stored).
func New(subject, body string, portal, email bool, requestKey, staffID string, at time.Time) (Campaign, error) {
	c := Campaign{Subject: strings.TrimSpace(subject), Body: strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")),
		Portal: portal, Email: email, RequestKey: strings.TrimSpace(requestKey), CreatedBy: staffID,
		CreatedAt: at.UTC()}
	var v apperr.Validation
	switch n := utf8.RuneCountInString(c.Subject); {
	case n == 0:
		v.Add("subject", "required", "请填写通知标题")
	case n > MaxSubjectLen:
		v.Add("subject", "too_long", "通知标题不能超过100个字符")
	}
	switch n := utf8.RuneCountInString(c.Body); {
	case n == 0:
		v.Add("body", "required", "请填写通知内容")
	case n > MaxBodyLen:
		v.Add("body", "too_long", "通知内容不能超过800个字符")
	}
	if !portal && !email {
		v.Add("channels", "required", "请至少选择一种发送方式（站内通知或电子邮件）")
	}
	if len(c.RequestKey) > MaxRequestKeyLen {
		v.Add("request_key", "too_long", "请求标识过长，请刷新页面后重试")
	}
	if err := v.Err(); err != nil {
		return Campaign{}, err
	}
	c.ID = id.New(at)
	return c, nil
}

// NoRecipientsError is the refusal of a notice the filters give no member.
func NoRecipientsError() error {
	var v apperr.Validation
	v.Add("filters", "no_recipients", "没有符合筛选条件的会员，通知未发送；请调整筛选条件后重试")
	return v.Err()
}

// NotFoundError is the answer for an unknown campaign.
func NotFoundError() error { return apperr.NotFound("not_found", "群发通知不存在") }

// State is a recipient's delivery state.
type State string

// The states: pending until the dispatcher handed the notice over (the
// notification stored, the email accepted by the durable mail queue), then
// sent; failed when it can never be delivered (an email-only notice to a
// member without an address, or an address the queue refuses).
const (
	Pending State = "pending"
	Sent    State = "sent"
	Failed  State = "failed"
)

// Recipient is one member a campaign goes to.
type Recipient struct {
	CampaignID string
	MemberID   string
	Number     string
	Name       string
	Email      string
	Individual bool
}

// Progress counts a campaign's recipients by state.
type Progress struct {
	Pending int
	Sent    int
	Failed  int
}

// Total is every recipient.
func (p Progress) Total() int { return p.Pending + p.Sent + p.Failed }

// Done reports whether nothing is pending.
func (p Progress) Done() bool { return p.Pending == 0 }

// Text is the in-portal notification of a notice.
func (c Campaign) Text() string { return "【" + c.Subject + "】" + c.Body }

// NotificationKey identifies a member's notification of a campaign (stored
// once however often delivery is retried).
func NotificationKey(campaignID, memberID string) string {
	return "bulk:" + campaignID + ":" + memberID
}

// MailKey identifies a member's email of a campaign in the mail queue.
func MailKey(campaignID, memberID string) string { return "bulk-mail:" + campaignID + ":" + memberID }
