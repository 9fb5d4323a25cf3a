package notification

import "fmt"

// CategorySubmission is the category of 企业投稿's notifications.
const CategorySubmission Category = "submission"

// SubmissionApprovedText is the notification of a published submission, in
// the manual's words: 企业【测试号】的投稿《…》已通过审核，可在官网首页“会员动态”专栏查看.
func SubmissionApprovedText(subject, title string) string {
	return fmt.Sprintf("%s的投稿《%s》已通过审核，可在官网首页“会员动态”专栏查看", subject, title)
}

// SubmissionRejectedText is the notification of a rejected submission with
// its reason.
func SubmissionRejectedText(subject, title, reason string) string {
	return fmt.Sprintf("%s的投稿《%s》未通过审核，原因：%s", subject, title, ReasonThen(reason, "可修改后重新投稿"))
}
