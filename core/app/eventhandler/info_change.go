package eventhandler

import (
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// The reactions to 信息变更's decisions: the member is told in the portal and
// by email.

func infoChangeApprovedText(ev member.InfoChangeApproved) string {
	return notification.InfoChangeApprovedText(subjectOf(ev.Base), ev.Fields)
}

func infoChangeRejectedText(ev member.InfoChangeRejected) string {
	return notification.InfoChangeRejectedText(subjectOf(ev.Base), ev.Reason)
}

// sendEmailOnInfoChangeApproved emails the member that its change applies.
func sendEmailOnInfoChangeApproved(r *reactions) Handler {
	return mailOn(r, "send_info_change_approved_email", func(ev member.InfoChangeApproved) email {
		return email{text: "info_change_approved", to: ev.Base, data: map[string]any{
			"Notice": infoChangeApprovedText(ev), "Page": r.site.link("/member/info-change")}}
	})
}

// sendEmailOnInfoChangeRejected emails the member the rejection and its reason.
func sendEmailOnInfoChangeRejected(r *reactions) Handler {
	return mailOn(r, "send_info_change_rejected_email", func(ev member.InfoChangeRejected) email {
		return email{text: "info_change_rejected", to: ev.Base, data: map[string]any{
			"Notice": infoChangeRejectedText(ev), "Reason": ev.Reason, "Page": r.site.link("/member/info-change")}}
	})
}

// notifyOnInfoChangeApproved tells the member in the portal.
func notifyOnInfoChangeApproved(r *reactions) Handler {
	return notifyOn(r, "notify_info_change_approved", notification.CategoryInfoChange,
		func(ev member.InfoChangeApproved) (member.Base, string) { return ev.Base, infoChangeApprovedText(ev) })
}

// notifyOnInfoChangeRejected tells the member in the portal.
func notifyOnInfoChangeRejected(r *reactions) Handler {
	return notifyOn(r, "notify_info_change_rejected", notification.CategoryInfoChange,
		func(ev member.InfoChangeRejected) (member.Base, string) { return ev.Base, infoChangeRejectedText(ev) })
}
