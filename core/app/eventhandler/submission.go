package eventhandler

import (
	"net/url"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/notification"
)

// The reactions to 企业投稿's decisions (issue 13, item 3): the member is told
// in the portal and by email.

// submissionsPage is the member's 企业投稿 page (投稿记录).
const submissionsPage = "/member/submissions"

func submissionApprovedText(ev member.SubmissionApproved) string {
	return notification.SubmissionApprovedText(subjectOf(ev.Base), ev.Title)
}

func submissionRejectedText(ev member.SubmissionRejected) string {
	return notification.SubmissionRejectedText(subjectOf(ev.Base), ev.Title, ev.Reason)
}

// sendEmailOnSubmissionApproved emails the member that its submission is
// published, with the article's public address.
func sendEmailOnSubmissionApproved(r *reactions) Handler {
	return mailOn(r, "send_submission_approved_email", func(ev member.SubmissionApproved) email {
		return email{text: "submission_approved", to: ev.Base, data: map[string]any{
			"Notice":  submissionApprovedText(ev),
			"Title":   ev.Title,
			"Article": r.site.link("/articles/" + url.PathEscape(ev.ArticleID)),
			"Page":    r.site.link(submissionsPage)}}
	})
}

// sendEmailOnSubmissionRejected emails the member the rejection and its reason.
func sendEmailOnSubmissionRejected(r *reactions) Handler {
	return mailOn(r, "send_submission_rejected_email", func(ev member.SubmissionRejected) email {
		return email{text: "submission_rejected", to: ev.Base, data: map[string]any{
			"Notice": submissionRejectedText(ev), "Title": ev.Title, "Reason": ev.Reason,
			"Page": r.site.link(submissionsPage)}}
	})
}

// notifyOnSubmissionApproved tells the member in the portal.
func notifyOnSubmissionApproved(r *reactions) Handler {
	return notifyOn(r, "notify_submission_approved", notification.CategorySubmission,
		func(ev member.SubmissionApproved) (member.Base, string) { return ev.Base, submissionApprovedText(ev) })
}

// notifyOnSubmissionRejected tells the member in the portal.
func notifyOnSubmissionRejected(r *reactions) Handler {
	return notifyOn(r, "notify_submission_rejected", notification.CategorySubmission,
		func(ev member.SubmissionRejected) (member.Base, string) { return ev.Base, submissionRejectedText(ev) })
}
