package webui

// Status tones: every status tag and badge in the member and staff screens takes
// its colour from one scheme, and always shows its text as well (colour is never
// the only carrier of the meaning).
const (
	// toneWaiting: nothing to do but wait (neutral grey).
	toneWaiting = "waiting"
	// toneProgress: someone is working on it (blue).
	toneProgress = "progress"
	// toneDone: done, valid, paid (green).
	toneDone = "done"
	// toneAction: someone must act, or it is about to lapse (amber).
	toneAction = "action"
	// toneFailed: rejected, lapsed, failed, closed for good (red).
	toneFailed = "failed"
)

// statusTone maps the label a status shows (the manual's words, as the domain
// types' Label methods return them: membership, payments, invoices, statement
// lines, content, accounts) to its tone, the suffix of the tag's class; templates
// call it as {{tone .StatusLabel}}: <span class="tag tag--{{tone .StatusLabel}}">.
// A label missing here is shown as waiting.
func statusTone(label string) string {
	switch label {
	case "填写入会申请表", "缴费确认中", "正在填写":
		return toneProgress
	case "已完成缴费", "正常", "已确认", "已缴费", "已支付", "有效", "已续费", "已开票", "已回款", "已核销", "已发布",
		"已退款":
		return toneDone
	case "审核通过，待缴费", "即将到期", "已退回", "重复缴费（待退款）", "未缴费", "待支付", "未支付", "未续费", "借票未回款", "未匹配", "金额不符", "匹配到多个会员", "无应缴会费", "未验证",
		"部分到账", "退款待办", "部分缴费":
		return toneAction
	case "已过期", "审核未通过", "已暂停", "已退会", "已红冲", "已逾期", "已停用", "已锁定",
		"未通过": // 企业投稿 and 信息变更 (infoChangeTone) refused with a reason

		return toneFailed
	default:
		return toneWaiting
	}
}
