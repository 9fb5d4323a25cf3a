package query

import (
	"strings"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// infoChangeText is the timeline's line of a 信息变更 or 企业投稿 event, or of
// an event no other table knows.
func infoChangeText(h ports.HistoryEntry) string {
	switch e := h.Event.(type) {
	case member.InfoChangeRequested:
		return "会员提交信息变更申请（" + strings.Join(e.Fields, "、") + "）"
	case member.InfoChangeApproved:
		s := "信息变更审核通过（" + strings.Join(e.Fields, "、") + "）"
		if e.OldName != "" {
			s += "，名称由「" + e.OldName + "」改为「" + e.Name + "」"
		}
		return s
	case member.InfoChangeRejected:
		return "信息变更未通过审核，原因：" + e.Reason
	case member.InfoChangeWithdrawn:
		return "会员撤回信息变更申请"
	// 企业投稿's decisions.
	case member.SubmissionApproved:
		return "投稿《" + e.Title + "》已通过审核，发布到“会员动态”"
	case member.SubmissionRejected:
		return "投稿《" + e.Title + "》未通过审核，原因：" + e.Reason
	}
	return "其他事件（" + h.Name + "）"
}
