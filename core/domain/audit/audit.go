// Package audit holds the audit log's entry: one staff action — who took it,
// when, from which address, what it was, on which member or record, and each
// field's value before → after. The log is append-only: entries are written
// once, in the transaction of the action they record, and never changed.
package audit

import (
	"slices"
	"strings"
	"time"
)

// Action names a kind of staff action ("application.approve" …). The names are
// stable: they are stored, filtered on and shown translated by Label.
type Action string

// The actions recorded today. A feature that adds a staff action adds its
// name here with its Chinese label in labels.
const (
	ApplicationApprove Action = "application.approve"
	ApplicationReject  Action = "application.reject"
	PaymentConfirm     Action = "payment.confirm"
	PaymentReject      Action = "payment.reject"
	StatementImport    Action = "statement.import"
	StatementAssign    Action = "statement.assign"
	StatementConfirm   Action = "statement.confirm"
	MembershipApprove  Action = "membership.approve"
	FeeSettingsUpdate  Action = "settings.fees"
	StaffCreate        Action = "staff.create"
	StaffDisable       Action = "staff.disable"
	StaffChangeRole    Action = "staff.role"
	MemberEdit         Action = "member.edit"
	MemberCreate       Action = "member.create"
	MemberLevelChange  Action = "member.level"
	MemberSuspend      Action = "member.suspend"
	MemberReinstate    Action = "member.reinstate"
	MemberWithdraw     Action = "member.withdraw"
	StaffEnable        Action = "staff.enable"
	StaffResetPassword Action = "staff.reset_password"
	MemberSendReset    Action = "member.send_reset"
	MemberUnlockLogin  Action = "member.unlock_login"
	MemberResendMail   Action = "member.resend_mail"
	MemberChangeEmail  Action = "member.change_email"
	InvoiceIssue       Action = "invoice.issue"
	InvoiceReturn      Action = "invoice.return"
	InvoiceVoid        Action = "invoice.void"
	AdvanceWriteOff    Action = "invoice.advance_write_off"
	ContentChange      Action = "content.change"
	SiteSettingsUpdate Action = "settings.site"
	ImportBatch        Action = "import.batch"
	MemberExport       Action = "member.export"
	ImportUndo         Action = "import.undo"
	InfoChangeApprove  Action = "info_change.approve"
	InfoChangeReject   Action = "info_change.reject"
	// 完善理事资料: the staff return or accept a council member's form.
	CouncilFormReturn Action = "council.return"
	CouncilFormAccept Action = "council.accept"
	// ListExport is 导出 of a back-office list other than the registry's
	// (缴费确认, 银行对账, 发票管理, 操作日志), direct or as a background job.
	ListExport Action = "list.export"
	// The money cases (issue 12 item 5).
	PaymentRefunded Action = "payment.refunded"
	PaymentExport   Action = "payment.export"
	// BulkNoticeSend is a bulk notice (群发通知) sent, one entry per campaign.
	BulkNoticeSend Action = "bulk_notice.send"
	// 企业投稿 (issue 13): the editors' review.
	SubmissionApprove Action = "submission.approve"
	SubmissionReject  Action = "submission.reject"
)

// labels are the actions' Chinese names.
func labels() map[Action]string {
	return map[Action]string{ //nolint:gosec // G101: action names such as 重置工作人员密码, not credentials
		ApplicationApprove: "入会申请审核通过", ApplicationReject: "入会申请退回",
		PaymentConfirm: "确认缴费", PaymentReject: "退回缴费申请",
		StatementImport: "导入银行流水", StatementAssign: "流水匹配会员", StatementConfirm: "确认银行流水",
		MembershipApprove: "秘书处审批通过", FeeSettingsUpdate: "修改会费设置",
		StaffCreate: "新建工作人员账号", StaffDisable: "停用工作人员账号", StaffChangeRole: "修改工作人员角色",
		StaffEnable: "启用工作人员账号", StaffResetPassword: "重置工作人员密码",
		MemberEdit: "修改会员资料", MemberCreate: "新建会员", MemberLevelChange: "调整会员级别",
		MemberSuspend: "暂停会籍", MemberReinstate: "恢复会籍", MemberWithdraw: "退会",
		MemberSendReset: "发送重置密码链接", MemberUnlockLogin: "解除登录锁定",
		MemberResendMail: "重发验证/欢迎邮件", MemberChangeEmail: "修改登录邮箱",
		InvoiceIssue: "开具发票", InvoiceReturn: "退回开票申请", InvoiceVoid: "红冲发票",
		AdvanceWriteOff: "核销借发票", ContentChange: "修改网站内容", SiteSettingsUpdate: "修改网站设置",
		ImportBatch: "导入老会员", ImportUndo: "撤销导入批次", MemberExport: "导出会员名单",
		InfoChangeApprove: "信息变更审核通过", InfoChangeReject: "信息变更退回",
		CouncilFormReturn: "退回理事资料", CouncilFormAccept: "确认理事资料",
		ListExport:      "导出列表",
		PaymentRefunded: "标记已退款", PaymentExport: "导出缴费台账",
		BulkNoticeSend:    "发送群发通知",
		SubmissionApprove: "企业投稿审核通过并发布", SubmissionReject: "企业投稿退回",
	}
}

// Label returns the action's Chinese name (the raw name for one this version
// does not know).
func (a Action) Label() string {
	if l, ok := labels()[a]; ok {
		return l
	}
	return string(a)
}

// Actions lists the known actions, for the log's filter.
func Actions() []Action {
	m := labels()
	out := make([]Action, 0, len(m))
	for a := range m {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Change is one field's value before and after an action.
type Change struct {
	// Field is the field's stable name (name, level, email …).
	Field string `json:"field"`
	// Label is its Chinese name as the staff saw it (单位名称 …).
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Entry is one staff action in the audit log.
type Entry struct {
	// ID is the log's own sequence, set when the entry is appended (it orders
	// entries of the same instant).
	ID int64
	// At is when the action took place (UTC).
	At time.Time
	// StaffID is the staff account that acted; Address the client address its
	// request came from (empty for the command line).
	StaffID string
	Address string
	// Action is what was done.
	Action Action
	// MemberID is the member the action concerns, if any (for the member's
	// timeline and the log's member filter).
	MemberID string
	// Subject names the other record the action concerns: a payment, a
	// statement, a staff account, an invoice … ("payment:pay_…").
	Subject string
	// Summary says in one Chinese line what happened (「审核通过，分配会员号 19141263」).
	Summary string
	// Reason is the reason the staff gave, when the action asks for one.
	Reason string
	// Changes are the fields the action changed, before → after.
	Changes []Change
}

// Diff returns the changes between two sets of labelled values: fields is the
// order and the labels (field → label pairs as a slice of two-element
// arrays), before and after the values. Unchanged fields are left out.
func Diff(fields [][2]string, before, after map[string]string) []Change {
	var out []Change
	for _, f := range fields {
		b, a := before[f[0]], after[f[0]]
		if b != a {
			out = append(out, Change{Field: f[0], Label: f[1], Before: b, After: a})
		}
	}
	return out
}

// Validate reports what is missing from an entry before it is appended: the
// staff (or "system"), the action, the time.
func (e Entry) Validate() error {
	switch {
	case strings.TrimSpace(e.StaffID) == "":
		return errMissing("staff")
	case e.Action == "":
		return errMissing("action")
	case e.At.IsZero():
		return errMissing("time")
	}
	return nil
}

type errMissing string

func (e errMissing) Error() string { return "audit: entry without " + string(e) }
