package notification

import (
	"fmt"
	"strings"
)

// Subject names a member the way the manual's notifications do:
// 企业【测试号】 for an organisation, 个人会员【张三】 for a person.
func Subject(individual bool, name string) string {
	if individual {
		return fmt.Sprintf("个人会员【%s】", name)
	}
	return fmt.Sprintf("企业【%s】", name)
}

// ApplicationSubmittedText is the notification of a submission.
func ApplicationSubmittedText(subject string) string {
	return fmt.Sprintf("%s的入会申请资料已提交，请等待工作人员审核", subject)
}

// ApplicationApprovedText is the notification of an approval, as the manual shows
// it: 企业【测试号】的入会申请资料已通过, 会员号: 19141263.
func ApplicationApprovedText(subject, number string) string {
	return fmt.Sprintf("%s的入会申请资料已通过, 会员号: %s", subject, number)
}

// ApplicationRejectedText is the notification of a rejection with its reason.
func ApplicationRejectedText(subject, reason string) string {
	return fmt.Sprintf("%s的入会申请资料未通过审核，原因：%s", subject, ReasonThen(reason, "请修改后重新提交"))
}

// ReasonThen is a reason followed by what to do, 「盖章不清晰，请修改后重新提交」,
// without the reason's closing punctuation and without repeating the
// instruction when the reason already says to submit again (「盖章不清晰，请重新
// 上传后提交。」 stays as typed, less its 「。」).
func ReasonThen(reason, instruction string) string {
	r := strings.TrimRightFunc(strings.TrimSpace(reason), func(c rune) bool {
		return strings.ContainsRune("。，、；：！？,.;:!? \t\n", c)
	})
	if instruction == "" || r == "" || strings.Contains(r, "重新提交") || strings.Contains(r, instruction) {
		return r
	}
	return r + "，" + instruction
}

// PaymentSubject names a member the way the manual's payment notifications do:
// 企业【测试号】, 个人【张三】.
func PaymentSubject(individual bool, name string) string {
	if individual {
		return fmt.Sprintf("个人【%s】", name)
	}
	return fmt.Sprintf("企业【%s】", name)
}

// PaymentClaimedText is the notification of a payment claim or voucher.
func PaymentClaimedText(subject string) string {
	return fmt.Sprintf("%s的缴费申请已提交，请等待财务确认", subject)
}

// PaymentClaimRejectedText is the notification of a claim finance returned.
func PaymentClaimRejectedText(subject, reason string) string {
	return fmt.Sprintf("%s的缴费申请未通过确认，原因：%s", subject, reason)
}

// PaymentConfirmedText is the notification of a confirmed fee, as the manual
// shows it: 系统管理员审批通过企业【测试号】的缴费申请.
func PaymentConfirmedText(subject string) string {
	return fmt.Sprintf("系统管理员审批通过%s的缴费申请", subject)
}

// RenewalConfirmedText is the notification of a confirmed renewal fee.
func RenewalConfirmedText(subject, validUntil string) string {
	return fmt.Sprintf("系统管理员审批通过%s的续费申请，会员有效期延长至%s", subject, validUntil)
}

// MembershipApprovedText is the notification of the secretariat's approval.
func MembershipApprovedText(subject, association, validUntil string) string {
	return fmt.Sprintf("%s已通过%s秘书处审批，会员有效期至%s", subject, association, validUntil)
}

// RenewalReminderText is the notification of a renewal reminder: daysLeft days
// are left of the validity ending on validUntil (0 or less: it ended).
func RenewalReminderText(subject, validUntil string, daysLeft int) string {
	if daysLeft < 0 {
		return fmt.Sprintf("%s的会员资格已于%s到期，请尽快缴纳会费续期，逾期未续费将失去会员资格", subject, validUntil)
	}
	if daysLeft == 0 {
		return fmt.Sprintf("%s的会员资格今天（%s）到期，请尽快缴纳会费续期", subject, validUntil)
	}
	return fmt.Sprintf("%s的会员资格将于%s到期（还有%d天），请及时缴纳会费续期", subject, validUntil, daysLeft)
}

// MembershipLapsedText is the notification of a lapse.
func MembershipLapsedText(subject, validUntil string) string {
	return fmt.Sprintf("%s的会员资格已于%s到期且已过宽限期，会员资格已失效；缴纳会费后即可恢复", subject, validUntil)
}

// LevelChangedText is the notification of a level change: the new level with
// the decision's 文号; it applies from the next fee.
func LevelChangedText(subject, to, docNo string) string {
	return fmt.Sprintf("%s的会员级别已调整为「%s」（文号：%s），自下一次缴纳会费起按新级别的标准缴费", subject, to, docNo)
}
