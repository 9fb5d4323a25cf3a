package eventhandler

import (
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// The reactions to 完善理事资料 (issue 13, item 4).

// councilReturnedText is the notification of a returned council form.
func councilReturnedText(ev member.CouncilFormReturned) string {
	return fmt.Sprintf("%s的《%s》已被工作人员退回，原因：%s。请在「完善理事资料」中修改后重新提交",
		subjectOf(ev.Base), ev.Form, ev.Reason)
}

// notifyOnCouncilFormReturned tells the member in the portal.
func notifyOnCouncilFormReturned(r *reactions) Handler {
	return notifyOn(r, "notify_council_form_returned", notification.CategoryMembership,
		func(ev member.CouncilFormReturned) (member.Base, string) { return ev.Base, councilReturnedText(ev) })
}

// sendEmailOnCouncilFormReturned emails the return to the member's login
// address and to the council's 联系人信息 (the person council mail goes to,
// 「完善理事资料中的需要填写的联系人，为邮件推送的联系人。」) when one is saved.
func sendEmailOnCouncilFormReturned(r *reactions) Handler {
	return mailOn(r, "send_council_form_returned_email", func(ev member.CouncilFormReturned) email {
		return email{text: "council_form_returned", to: ev.Base, cc: []string{ev.ContactEmail},
			data: map[string]any{"Form": ev.Form, "Reason": ev.Reason, "Page": r.site.link("/member/council")}}
	})
}
