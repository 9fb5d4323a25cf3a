package webui

import (
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
)

// restrictedText tells a suspended or withdrawn member where it stands: the
// status, the reason, and that it may not pay or apply (「」 when the member is
// neither).
func restrictedText(s member.Status, reason string) string {
	// One pattern each with and without the reason, so that each is
	// translated as a whole (core/i18n).
	switch {
	case s == member.StatusSuspended && reason != "":
		return fmt.Sprintf("您的会籍已暂停，原因：%s。暂停期间不能缴纳会费或提交申请，恢复会籍后即可继续办理；如有疑问请联系协会秘书处。", reason)
	case s == member.StatusSuspended:
		return "您的会籍已暂停。暂停期间不能缴纳会费或提交申请，恢复会籍后即可继续办理；如有疑问请联系协会秘书处。"
	case s == member.StatusWithdrawn && reason != "":
		return fmt.Sprintf("您已退会，原因：%s。退会后不能缴纳会费或提交申请，仍可查看会员信息和通知提醒；如需重新入会请联系协会秘书处。", reason)
	case s == member.StatusWithdrawn:
		return "您已退会。退会后不能缴纳会费或提交申请，仍可查看会员信息和通知提醒；如需重新入会请联系协会秘书处。"
	}
	return ""
}
