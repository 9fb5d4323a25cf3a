package eventhandler

import (
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// sendEmailOnApplicationSubmitted confirms the submission by email.
func sendEmailOnApplicationSubmitted(r *reactions) Handler {
	return mailOn(r, "send_application_submitted_email", func(ev member.ApplicationSubmitted) email {
		return email{text: "application_submitted", to: ev.Base, data: map[string]any{
			"Notice": notification.ApplicationSubmittedText(subjectOf(ev.Base))}}
	})
}

// sendEmailOnApplicationApproved emails the approval and the member number (spec §3.4).
func sendEmailOnApplicationApproved(r *reactions) Handler {
	return mailOn(r, "send_application_approved_email", func(ev member.ApplicationApproved) email {
		return email{text: "application_approved", to: ev.Base, data: map[string]any{
			"Notice": notification.ApplicationApprovedText(subjectOf(ev.Base), ev.Number), "Number": ev.Number}}
	})
}

// sendEmailOnApplicationRejected emails the rejection and its reason (spec §3.4).
func sendEmailOnApplicationRejected(r *reactions) Handler {
	return mailOn(r, "send_application_rejected_email", func(ev member.ApplicationRejected) email {
		return email{text: "application_rejected", to: ev.Base, data: map[string]any{
			"Notice": notification.ApplicationRejectedText(subjectOf(ev.Base), ev.Reason), "Reason": ev.Reason}}
	})
}

// notifyOnApplicationSubmitted tells the member the application awaits review.
func notifyOnApplicationSubmitted(r *reactions) Handler {
	return notifyOn(r, "notify_application_submitted", notification.CategoryApplication,
		func(ev member.ApplicationSubmitted) (member.Base, string) {
			return ev.Base, notification.ApplicationSubmittedText(subjectOf(ev.Base))
		})
}

// notifyOnApplicationApproved tells the member the application passed, with the
// member number.
func notifyOnApplicationApproved(r *reactions) Handler {
	return notifyOn(r, "notify_application_approved", notification.CategoryApplication,
		func(ev member.ApplicationApproved) (member.Base, string) {
			return ev.Base, notification.ApplicationApprovedText(subjectOf(ev.Base), ev.Number)
		})
}

// notifyOnApplicationRejected tells the member the application was returned and why.
func notifyOnApplicationRejected(r *reactions) Handler {
	return notifyOn(r, "notify_application_rejected", notification.CategoryApplication,
		func(ev member.ApplicationRejected) (member.Base, string) {
			return ev.Base, notification.ApplicationRejectedText(subjectOf(ev.Base), ev.Reason)
		})
}
