package query

import (
	"fmt"
	"strings"
	"time"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// TimelineText says in Chinese what an entry of a member's history means:
// 「注册账号」, 「入会申请审核通过，分配会员号 19141263」, 「秘书处审批通过（文号 …），
// 有效期 2019-09-21 至 2020-09-20」 …
func TimelineText(h ports.HistoryEntry) string {
	switch e := h.Event.(type) {
	case member.Registered:
		return "注册账号（" + e.Kind.Label() + "）"
	case member.EmailVerificationRequested:
		return "申请重新发送邮箱验证邮件"
	case member.RegistrationAttempted:
		return "有人尝试用该会员的邮箱注册新账号（已通知会员）"
	case member.ApplicationSubmitted:
		return "提交入会申请"
	case member.ApplicationRejected:
		return "入会申请被退回，原因：" + e.Reason
	case member.ApplicationApproved:
		return "入会申请审核通过，分配会员号 " + e.Number
	case member.PaymentClaimed:
		return "会员提交缴费申请（已转账或上传缴费凭证），等待财务确认"
	case member.PaymentClaimRejected:
		what := "缴费申请"
		if e.Renewal {
			what = "续费申请"
		}
		return what + "被退回，原因：" + e.Reason
	case member.PaymentConfirmed:
		return paymentConfirmedText(e)
	case member.ForwardedToSecretariat:
		return "缴费已确认，提交秘书处审批"
	case member.MembershipApproved:
		return fmt.Sprintf("秘书处审批通过（文号 %s），有效期 %s 至 %s", e.DocNo, day(e.ValidFrom), day(e.ValidUntil))
	case member.MembershipExpiring:
		return "会籍即将到期，有效期至 " + day(e.ValidUntil)
	case member.RenewalReminderDue:
		if e.DaysLeft < 0 {
			return fmt.Sprintf("发送续费提醒：有效期已于 %s 截止，已过 %d 天", day(e.ValidUntil), -e.DaysLeft)
		}
		return fmt.Sprintf("发送续费提醒：有效期至 %s，还剩 %d 天", day(e.ValidUntil), e.DaysLeft)
	case member.MembershipRenewed:
		return "续费成功，有效期延至 " + day(e.ValidUntil)
	case member.MembershipLapsed:
		return "会籍已过期（有效期至 " + day(e.ValidUntil) + "）"
	case member.PasswordChanged:
		return "修改登录密码"
	case member.PasswordResetRequested:
		return "申请重置密码（已发送重置链接）"
	// Login-email changes by staff (账号协助).
	case member.EmailChangeRequested:
		return "申请将登录邮箱改为 " + e.NewEmail + "（已向新邮箱发送确认链接）"
	case member.EmailChanged:
		return "登录邮箱由 " + e.OldEmail + " 改为 " + e.Email + "（新邮箱已确认）"
	}
	return staffChangeText(h)
}

// staffChangeText is the line of a change the staff made in the registry.
func staffChangeText(h ports.HistoryEntry) string {
	switch e := h.Event.(type) {
	case member.Edited:
		return "工作人员修改会员资料（" + strings.Join(e.Fields, "、") + "），原因：" + e.Reason
	case member.Created:
		return "工作人员录入会员（会员号 " + e.Number + "，" + e.Status.Label() + "）"
	case member.LevelChanged:
		return fmt.Sprintf("会员级别由「%s」调整为「%s」（文号 %s），原因：%s", e.From, e.To, e.DocNo, e.Reason)
	case member.MembershipSuspended:
		return "会籍暂停，原因：" + e.Reason
	case member.MembershipReinstated:
		return "恢复会籍（" + e.Status.Label() + "），原因：" + e.Reason
	case member.Withdrew:
		if e.ByRequest {
			return "会员申请退会，原因：" + e.Reason
		}
		return "协会办理退会，原因：" + e.Reason
	case member.CouncilFormReturned: // 完善理事资料
		return "《" + e.Form + "》被工作人员退回，原因：" + e.Reason
	}
	if s, ok := importText(h); ok { // 导入老会员
		return s
	}
	return infoChangeText(h)
}

// paymentConfirmedText is the line of a confirmed fee.
func paymentConfirmedText(e member.PaymentConfirmed) string {
	s := "会费到账已确认"
	if e.Renewal {
		s = "续费到账已确认"
	}
	if e.AmountFen > 0 {
		s += " " + payment.Yuan(e.AmountFen)
	}
	if e.Method != "" {
		s += "（" + payment.Method(e.Method).Label() + "）"
	}
	if e.Renewal && !e.ValidUntil.IsZero() {
		s += "，有效期延至 " + day(e.ValidUntil)
	}
	return s
}

// day writes a calendar day (midnight UTC) as 2006-01-02; empty for zero.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
