package webui

import "github.com/openassoc/membership/core/domain/member"

// restrictedText tells a suspended or withdrawn member where it stands: the
// status, the reason, and that it may not pay or apply (「」 when the member is
// neither).
func restrictedText(s member.Status, reason string) string {
	why := ""
	if reason != "" {
		why = "，原因：" + reason
	}
	switch s {
	case member.StatusSuspended:
		return "您的会籍已暂停" + why + "。暂停期间不能缴纳会费或提交申请，恢复会籍后即可继续办理；如有疑问请联系协会秘书处。"
	case member.StatusWithdrawn:
		return "您已退会" + why + "。退会后不能缴纳会费或提交申请，仍可查看会员信息和通知提醒；如需重新入会请联系协会秘书处。"
	}
	return ""
}
