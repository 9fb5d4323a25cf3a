// Package notification holds the in-portal notifications (通知提醒) a member sees on
// the portal's home page, with the manual's wording for each event.
package notification

import (
	"errors"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/domain/id"
)

// Category groups notifications by what they are about.
type Category string

// The categories.
const (
	CategoryApplication Category = "application" // 入会申请
	CategoryPayment     Category = "payment"     // 会员缴费
	CategoryMembership  Category = "membership"  // 秘书处审批, 有效期, 续费
	CategoryNotice      Category = "notice"      // 群发通知 (bulk notices)
)

// MaxTextLen bounds a notification's text.
const MaxTextLen = 1000

// Notification is one message to one member. Key identifies the source (an event
// occurrence) so that it is stored once however often the event is delivered.
type Notification struct {
	ID        string
	MemberID  string
	Key       string
	Category  Category
	Text      string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// New builds a notification for a member.
func New(memberID, key string, c Category, text string, at time.Time) (Notification, error) {
	switch {
	case memberID == "":
		return Notification{}, errors.New("notification: no member")
	case key == "":
		return Notification{}, errors.New("notification: no source key")
	case text == "" || utf8.RuneCountInString(text) > MaxTextLen:
		return Notification{}, errors.New("notification: text empty or too long")
	}
	return Notification{ID: id.New(at), MemberID: memberID, Key: key, Category: c, Text: text, CreatedAt: at}, nil
}

// Unread reports whether the member has not read it yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }
