package query

import (
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/member"
)

// registryCauses lists the staff actions that cause the events of the
// registry's staff changes (编辑资料, 新建会员, 调整级别, 暂停/恢复/退会); nil
// for any other event.
func registryCauses(e any) []audit.Action {
	switch e.(type) {
	case member.Edited:
		return []audit.Action{audit.MemberEdit}
	case member.Created:
		return []audit.Action{audit.MemberCreate}
	case member.LevelChanged:
		return []audit.Action{audit.MemberLevelChange}
	case member.MembershipSuspended:
		return []audit.Action{audit.MemberSuspend}
	case member.MembershipReinstated:
		return []audit.Action{audit.MemberReinstate}
	case member.Withdrew:
		return []audit.Action{audit.MemberWithdraw}
	// 信息变更 (issue 13).
	case member.InfoChangeApproved:
		return []audit.Action{audit.InfoChangeApprove}
	case member.InfoChangeRejected:
		return []audit.Action{audit.InfoChangeReject}
	case member.CouncilFormReturned:
		return []audit.Action{audit.CouncilFormReturn}
	// 企业投稿's decisions.
	case member.SubmissionApproved:
		return []audit.Action{audit.SubmissionApprove}
	case member.SubmissionRejected:
		return []audit.Action{audit.SubmissionReject}
	}
	return nil
}
