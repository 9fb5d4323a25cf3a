package notification

import "fmt"

// Subject names a member the way the manual's notifications do:
// 企业【测试号】 for an organisation, 个人会员【张三】 for a person.
func Subject(individual bool, name string) string {
	if individual {
		return "个人会员【" + name + "】"
	}
	return "企业【" + name + "】"
}

// ApplicationSubmittedText is the notification of a submission.
func ApplicationSubmittedText(subject string) string {
	return subject + "的入会申请资料已提交，请等待工作人员审核"
}

// ApplicationApprovedText is the notification of an approval, as the manual shows
// it: 企业【测试号】的入会申请资料已通过, 会员号: 19141263.
func ApplicationApprovedText(subject, number string) string {
	return fmt.Sprintf("%s的入会申请资料已通过, 会员号: %s", subject, number)
}

// ApplicationRejectedText is the notification of a rejection with its reason.
func ApplicationRejectedText(subject, reason string) string {
	return fmt.Sprintf("%s的入会申请资料未通过审核，原因：%s，请修改后重新提交", subject, reason)
}
