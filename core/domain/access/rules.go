package access

import "github.com/openassoc/membership/core/apperr"

// Action names one thing a principal may ask the core to do: one per use case,
// or per group of use cases that share a permission (every finance step is
// ConfirmPayment). Its Rule says who may take it.
type Action string

// The actions, grouped by who takes them. Use cases without a principal
// (registration, login, password reset by link, staff creation from the CLI,
// the payment gateway's notification, the renewal sweep) need none.
const (
	// Member portal (members only).
	OpenMemberPortal         Action = "open_member_portal"          // the portal's pages
	ReadOwnDashboard         Action = "read_own_dashboard"          // MemberDashboard
	EditOwnApplication       Action = "edit_own_application"        // SaveApplicationDraft, UploadApplicationScan
	SubmitOwnApplication     Action = "submit_own_application"      // SubmitApplication
	ReadOwnFees              Action = "read_own_fees"               // FeePage, AssignPaymentRef
	PayOwnFees               Action = "pay_own_fees"                // ClaimPayment, UploadPaymentVoucher, StartOnlinePayment
	ReadOwnOrder             Action = "read_own_order"              // OnlinePayment, OnlinePaymentReturn
	ReadOwnNotifications     Action = "read_own_notifications"      // MemberNotifications
	MarkOwnNotificationsRead Action = "mark_own_notifications_read" // MarkNotificationsRead
	VerifyOwnEmail           Action = "verify_own_email"            // ResendEmailVerification

	// A member's record, for its owner or staff.
	ReadApplication   Action = "read_application"    // MemberApplication, ApplicationScan, ApplicationPDF
	ReadPayment       Action = "read_payment"        // PaymentDetail, PaymentVoucher
	ChangeOwnPassword Action = "change_own_password" // ChangePassword

	// Back office (staff only).
	OpenBackOffice      Action = "open_back_office"       // the back office's pages
	ReadOwnStaffProfile Action = "read_own_staff_profile" // StaffProfile
	ReadWorkQueues      Action = "read_work_queues"       // WorkQueues (each queue then asks its duty)
	ListApplications    Action = "list_applications"      // ReviewQueue
	InspectApplication  Action = "inspect_application"    // ApplicationDetail
	ReviewApplication   Action = "review_application"     // ApproveApplication, RejectApplication; 入会审核 pages
	ListPayments        Action = "list_payments"          // PaymentQueue, Statements, StatementDetail, UnmatchedLines, FeeSettings
	ConfirmPayment      Action = "confirm_payment"        // ConfirmPayment, RejectPayment, statements; 缴费确认 pages
	ListMemberships     Action = "list_memberships"       // SecretariatQueue
	ApproveMembership   Action = "approve_membership"     // ApproveMemberships; 秘书处审批 pages
	ManageSettings      Action = "manage_settings"        // UpdateFeeSettings, FeeSettings (writable), UndeliveredMail; admin pages
	ListMembers         Action = "list_members"           // MemberList; 会员管理
	InspectMember       Action = "inspect_member"         // MemberDetail

	// Invoices (开具发票, 借发票).
	ReadOwnInvoices   Action = "read_own_invoices"   // MemberInvoices, the member's invoice file and advance form
	RequestOwnInvoice Action = "request_own_invoice" // RequestInvoice, WithdrawInvoice, RequestAdvanceInvoice, UploadAdvanceScan
	ListInvoices      Action = "list_invoices"       // InvoiceQueue, InvoiceDetail, invoice files for finance
	IssueInvoice      Action = "issue_invoice"       // IssueInvoice, ReturnInvoice, VoidInvoice, WriteOffAdvance
	// EditContent is the site's articles: SaveArticle, ChangeArticleStatus,
	// UploadArticleFile, ArticleAdminList, ArticleDraft; 网站内容 pages.
	EditContent Action = "edit_content"
	// The registry's staff changes (issue 10, items 3–5).
	EditMember             Action = "edit_member"              // EditMember (编辑资料)
	CreateMember           Action = "create_member"            // CreateMember (新建会员)
	ChangeMemberLevel      Action = "change_member_level"      // ChangeMemberLevel (调整级别)
	ChangeMembershipStatus Action = "change_membership_status" // SuspendMember, ReinstateMember, WithdrawMember
	WithdrawOwnMembership  Action = "withdraw_own_membership"  // RequestWithdrawal (申请退会, the member's own)

	// Staff accounts (工作人员管理) and help with a member's account (账号协助).
	ManageStaff       Action = "manage_staff"        // StaffList, AdminCreateStaff, SetStaffRole, SetStaffDisabled, ResetStaffPassword
	HelpMemberAccount Action = "help_member_account" // MemberAccountHelp, SendMemberResetLink, UnlockMemberLogin, ResendMemberMail, ChangeMemberEmail
	// The audit log: every staff account reads its own entries; reading
	// another's (or everybody's) is ReadOthersAudit, the admin's.
	ReadAuditLog    Action = "read_audit_log"    // AuditLog; 审计日志
	ReadOthersAudit Action = "read_others_audit" // AuditLog of other staff or of all
	ReadReports     Action = "read_reports"      // Reports, HomeFigures; 统计报表

	// The member portal's 联系人管理 (issue 13): an enterprise's own contacts
	// (staff read them with InspectMember).
	ReadOwnContacts Action = "read_own_contacts" // ContactList of the member's own
	EditOwnContacts Action = "edit_own_contacts" // SaveContact, DeleteContact
	// Export (导出) of the member registry's filtered list.
	ExportMembers Action = "export_members" // MemberExport; 会员管理 导出
	// 信息变更 (issue 13): a member's own change requests with their proof, and
	// the reviewers' queue (信息变更审核).
	ReadOwnInfoChanges   Action = "read_own_info_changes"   // InfoChangePage, the member's own request and proof
	RequestOwnInfoChange Action = "request_own_info_change" // RequestInfoChange, WithdrawInfoChange
	ListInfoChanges      Action = "list_info_changes"       // InfoChangeQueue, InfoChangeDetail, the proof for staff
	ReviewInfoChange     Action = "review_info_change"      // ApproveInfoChange, RejectInfoChange
	// 完善理事资料 (issue 13, item 4): a council member's own forms and
	// 联系人信息; the staff's queue of completed materials.
	ReadOwnCouncil    Action = "read_own_council"    // CouncilPage, CouncilForm and CouncilFormPDF of the member's own
	EditOwnCouncil    Action = "edit_own_council"    // SaveCouncilForm, SaveCouncilContact
	ListCouncilForms  Action = "list_council_forms"  // CouncilQueue, CouncilForm and CouncilFormPDF for staff
	ReviewCouncilForm Action = "review_council_form" // ReturnCouncilForm, AcceptCouncilForm; 理事资料 pages
	// Export (导出) of the other back-office lists as filtered, and the
	// background export jobs (导出任务).
	ExportPayments    Action = "export_payments"      // ListExport of 缴费确认 and 银行对账; PaymentLedger (缴费台账)
	ExportInvoices    Action = "export_invoices"      // ListExport of 发票管理
	ExportAuditLog    Action = "export_audit_log"     // ListExport of 操作日志 (others' entries need ReadOthersAudit)
	ReadOwnExportJobs Action = "read_own_export_jobs" // ExportJobs; 导出任务 (one's own jobs)
	// The money cases (issue 12 item 5): finance marks refunds (退款待办).
	MarkRefunded Action = "mark_refunded" // MarkRefunded; 退款待办
	// Bulk notices (群发通知, issue 14 item 6): the admin and the editor, who
	// writes the association's notices, send them to the members a registry
	// filter selects (the preview shows the first of them) and follow their
	// delivery.
	SendBulkNotice  Action = "send_bulk_notice"  // SendBulkNotice, BulkNoticePreview
	ReadBulkNotices Action = "read_bulk_notices" // BulkNotices, BulkNoticeDetail (list, progress)
	// 我的会员卡 (individuals) and 会员证书 (enterprises), issue 13 item 5.
	ReadOwnCard        Action = "read_own_card"        // MemberCard, MemberCardFile of an individual
	ReadOwnCertificate Action = "read_own_certificate" // MemberCard, MemberCardFile of an enterprise
	ReissueOwnCard     Action = "reissue_own_card"     // ReissueCard (the old card's links stop working)
	// 企业投稿 (issue 13 item 3): an enterprise's own submissions, and the
	// editors' review that publishes them to 会员动态.
	ReadOwnSubmissions Action = "read_own_submissions" // MySubmissions, the member's own files
	SubmitOwnArticle   Action = "submit_own_article"   // SubmitArticle
	ReviewSubmission   Action = "review_submission"    // SubmissionQueue, SubmissionDetail, Approve/RejectSubmission
	// 导入老会员 (issue 11): PreviewImport, CommitImport, UndoImport, ImportBatches.
	ImportMembers Action = "import_members"
)

// Actions lists every action of the table.
func Actions() []Action {
	return []Action{OpenMemberPortal, ReadOwnDashboard, EditOwnApplication, SubmitOwnApplication, ReadOwnFees,
		PayOwnFees, ReadOwnOrder, ReadOwnNotifications, MarkOwnNotificationsRead, VerifyOwnEmail,
		ReadApplication, ReadPayment, ChangeOwnPassword,
		OpenBackOffice, ReadOwnStaffProfile, ReadWorkQueues, ListApplications, InspectApplication, ReviewApplication,
		ListPayments, ConfirmPayment, ListMemberships, ApproveMembership, ManageSettings,
		ListMembers, InspectMember,
		ReadOwnInvoices, RequestOwnInvoice, ListInvoices, IssueInvoice,
		EditContent,
		EditMember, CreateMember, ChangeMemberLevel, ChangeMembershipStatus, WithdrawOwnMembership,
		ManageStaff, HelpMemberAccount,
		ReadAuditLog, ReadOthersAudit,
		ReadReports,
		ReadOwnContacts, EditOwnContacts,
		ExportMembers,
		ReadOwnInfoChanges, RequestOwnInfoChange, ListInfoChanges, ReviewInfoChange,
		ReadOwnCouncil, EditOwnCouncil, ListCouncilForms, ReviewCouncilForm,
		ExportPayments, ExportInvoices, ExportAuditLog, ReadOwnExportJobs, MarkRefunded,
		SendBulkNotice, ReadBulkNotices,
		ReadOwnCard, ReadOwnCertificate, ReissueOwnCard,
		ReadOwnSubmissions, SubmitOwnArticle, ReviewSubmission,
		ImportMembers,
		SetOwnLocale}
}

// The messages of refusals.
const (
	msgLogin       = "请先登录"
	msgNoRight     = "您没有权限执行此操作"
	msgNoView      = "您没有权限查看此内容"
	msgNoPage      = "您当前登录的账号无权访问此页面"
	msgMembersOnly = "此功能仅供会员使用"
	msgNotFound    = "记录不存在"
	msgOthersAudit = "您只能查看本人的操作记录，无权查看其他工作人员的审计日志"
)

// loginRequired is the refusal of a principal that is not logged in.
func loginRequired() Refusal {
	return Refusal{Kind: apperr.KindUnauthorized, Code: "login_required", Message: msgLogin}
}

// notMembersBusiness refuses a staff account the member's own application.
func notMembersBusiness() Refusal {
	return Refusal{Kind: apperr.KindForbidden, Code: "forbidden", Message: "工作人员账号不能办理会员业务"}
}

// hidden tells a member that a record of the back office does not exist, so
// that identifiers cannot be probed.
func hidden() Refusal {
	return Refusal{Kind: apperr.KindNotFound, Code: "not_found", Message: msgNotFound}
}

// RuleOf returns the rule of an action: the table of the core's authorization.
// Columns: who may act, the policy's object and action (empty: no policy
// question), whether a member may only act on its own records, the message of
// a refusal by the policy, and how a principal of the other kind is refused
// (zero: members-only refuses staff with members_only, staff-only refuses
// members with the policy's message).
func RuleOf(a Action) (Rule, bool) {
	switch a {
	case OpenMemberPortal:
		return Rule{Who: Members, Object: ObjMemberHome, Act: ActRead, Owned: true, Denied: msgNoPage}, true
	case ReadOwnDashboard:
		return Rule{Who: Members, Owned: true, WrongKind: loginRequired()}, true
	case EditOwnApplication:
		return Rule{Who: Members, Object: ObjApplication, Act: ActWrite, Owned: true, Denied: msgNoRight,
			WrongKind: notMembersBusiness()}, true
	case SubmitOwnApplication:
		return Rule{Who: Members, Object: ObjApplication, Act: ActSubmit, Owned: true, Denied: msgNoRight,
			WrongKind: notMembersBusiness()}, true
	case ReadOwnFees:
		return Rule{Who: Members, Object: ObjPayment, Act: ActRead, Owned: true, Denied: msgNoView}, true
	case PayOwnFees:
		return Rule{Who: Members, Object: ObjPayment, Act: ActWrite, Owned: true, Denied: msgNoRight}, true
	case ReadOwnOrder, ReadOwnNotifications, MarkOwnNotificationsRead, VerifyOwnEmail:
		return Rule{Who: Members, Owned: true}, true

	case ReadApplication:
		return Rule{Who: Anyone, Object: ObjApplication, Act: ActRead, Owned: true, Denied: msgNoView}, true
	case ReadPayment:
		return Rule{Who: Anyone, Object: ObjPayment, Act: ActRead, Owned: true, Denied: msgNoView}, true
	case ChangeOwnPassword:
		return Rule{Who: Anyone}, true

	case OpenBackOffice:
		return Rule{Who: Staff, Object: ObjBackOffice, Act: ActRead, Denied: msgNoPage}, true
	case ReadOwnStaffProfile:
		return Rule{Who: Staff, WrongKind: loginRequired()}, true
	case ReadWorkQueues:
		return Rule{Who: Staff, Denied: msgNoView}, true
	case ListApplications:
		return Rule{Who: Staff, Object: ObjApplication, Act: ActRead, Denied: msgNoView}, true
	case InspectApplication:
		return Rule{Who: Staff, Object: ObjApplication, Act: ActRead, Denied: msgNoView, WrongKind: hidden()}, true
	case ReviewApplication:
		return Rule{Who: Staff, Object: ObjApplication, Act: ActReview, Denied: "您没有权限审核入会申请"}, true
	case ListPayments:
		return Rule{Who: Staff, Object: ObjPayment, Act: ActRead, Denied: msgNoView}, true
	case ConfirmPayment:
		return Rule{Who: Staff, Object: ObjPayment, Act: ActConfirm, Denied: "您没有权限确认缴费"}, true
	case ListMemberships:
		return Rule{Who: Staff, Object: ObjMembership, Act: ActRead, Denied: msgNoView}, true
	case ApproveMembership:
		return Rule{Who: Staff, Object: ObjMembership, Act: ActApprove, Denied: "您没有权限审批入会"}, true
	case ManageSettings:
		// The association's settings are the admin's: the permission of managing
		// staff accounts (staff:manage) stands for it.
		return Rule{Who: Staff, Object: ObjStaff, Act: ActManage, Denied: "您没有权限修改会费设置"}, true
	case ListMembers:
		return Rule{Who: Staff, Object: ObjMember, Act: ActRead, Denied: msgNoView}, true
	case InspectMember:
		// A member asking for a record of the registry is told it does not exist.
		return Rule{Who: Staff, Object: ObjMember, Act: ActRead, Denied: msgNoView, WrongKind: hidden()}, true
	case ExportMembers:
		return Rule{Who: Staff, Object: ObjMember, Act: ActExport, Denied: "您没有权限导出会员名单"}, true
	case ExportPayments:
		return Rule{Who: Staff, Object: ObjPayment, Act: ActExport, Denied: "您没有权限导出缴费与对账记录"}, true
	case ExportInvoices:
		return Rule{Who: Staff, Object: ObjInvoice, Act: ActExport, Denied: "您没有权限导出发票记录"}, true
	case ExportAuditLog:
		return Rule{Who: Staff, Object: ObjAudit, Act: ActExport, Denied: "您没有权限导出操作日志"}, true
	case ReadOwnExportJobs:
		return Rule{Who: Staff, Object: ObjBackOffice, Act: ActRead, Denied: msgNoPage}, true
	case MarkRefunded:
		return Rule{Who: Staff, Object: ObjPayment, Act: ActRefund, Denied: "您没有权限办理退款"}, true
	case ImportMembers:
		return Rule{Who: Staff, Object: ObjMember, Act: ActImport, Denied: "您没有权限导入会员"}, true

	case ReadOwnInvoices:
		return Rule{Who: Members, Object: ObjInvoice, Act: ActRead, Owned: true, Denied: msgNoView}, true
	case RequestOwnInvoice:
		return Rule{Who: Members, Object: ObjInvoice, Act: ActWrite, Owned: true, Denied: msgNoRight,
			WrongKind: notMembersBusiness()}, true
	case ListInvoices:
		return Rule{Who: Staff, Object: ObjInvoice, Act: ActRead, Denied: msgNoView}, true
	case IssueInvoice:
		return Rule{Who: Staff, Object: ObjInvoice, Act: ActConfirm, Denied: "您没有权限开具发票"}, true
	case EditContent:
		return Rule{Who: Staff, Object: ObjContent, Act: ActManage, Denied: "您没有权限编辑网站内容"}, true
	case ManageStaff:
		return Rule{Who: Staff, Object: ObjStaff, Act: ActManage, Denied: "您没有权限管理工作人员账号"}, true
	case HelpMemberAccount:
		// Reviewers deal with members' accounts day to day; admins can do all a
		// reviewer can.
		return Rule{Who: Staff, Object: ObjMemberAccount, Act: ActManage, Denied: "您没有权限协助处理会员账号",
			WrongKind: hidden()}, true
	case ReadAuditLog:
		return Rule{Who: Staff, Object: ObjAudit, Act: ActRead, Denied: msgNoView}, true
	case ReadOthersAudit:
		return Rule{Who: Staff, Object: ObjAudit, Act: ActReadAll, Denied: msgOthersAudit}, true

	case ReadReports:
		// Figures over every member and every fee: the secretariat's and
		// finance's (and the admin's), not a reviewer's.
		return Rule{Who: Staff, Object: ObjReport, Act: ActRead, Denied: msgNoView}, true
	}
	return registryRule(a)
}

// registryRule is the rule of the registry's staff changes: reviewers (who
// review members' information changes, spec §1) and the admin edit a member's
// data; the admin alone enters members by hand; the secretariat (which
// approves memberships with a 文号) and the admin change levels and suspend,
// reinstate or withdraw members.
func registryRule(a Action) (Rule, bool) {
	switch a {
	case EditMember:
		return Rule{Who: Staff, Object: ObjMember, Act: ActWrite, Denied: "您没有权限修改会员资料"}, true
	case CreateMember:
		return Rule{Who: Staff, Object: ObjMember, Act: ActCreate, Denied: "您没有权限新建会员"}, true
	case ChangeMemberLevel:
		return Rule{Who: Staff, Object: ObjMember, Act: ActLevel, Denied: "您没有权限调整会员级别"}, true
	case ChangeMembershipStatus:
		return Rule{Who: Staff, Object: ObjMembership, Act: ActManage, Denied: "您没有权限变更会籍状态"}, true
	case WithdrawOwnMembership:
		// Every member may end its own membership; no role is asked.
		return Rule{Who: Members, Owned: true, WrongKind: notMembersBusiness()}, true
	case ReadOwnContacts:
		// An enterprise's own contacts: enterprise (and council) roles only.
		return Rule{Who: Members, Object: ObjContact, Act: ActRead, Owned: true, Denied: msgNoView,
			WrongKind: notMembersBusiness()}, true
	case EditOwnContacts:
		return Rule{Who: Members, Object: ObjContact, Act: ActWrite, Owned: true, Denied: msgNoRight,
			WrongKind: notMembersBusiness()}, true
	case SendBulkNotice:
		return Rule{Who: Staff, Object: ObjBulkNotice, Act: ActSend, Denied: "您没有权限发送群发通知"}, true
	case ReadBulkNotices:
		return Rule{Who: Staff, Object: ObjBulkNotice, Act: ActRead, Denied: msgNoView}, true
	}
	return infoChangeRule(a)
}

// infoChangeRule is the rule of 信息变更: every member asks for changes of
// its own data; reviewers (and the admin) read the queue and decide.
func infoChangeRule(a Action) (Rule, bool) {
	switch a {
	case ReadOwnInfoChanges:
		return Rule{Who: Members, Object: ObjInfoChange, Act: ActRead, Owned: true, Denied: msgNoView,
			WrongKind: notMembersBusiness()}, true
	case RequestOwnInfoChange:
		return Rule{Who: Members, Object: ObjInfoChange, Act: ActWrite, Owned: true, Denied: msgNoRight,
			WrongKind: notMembersBusiness()}, true
	case ListInfoChanges:
		return Rule{Who: Staff, Object: ObjInfoChange, Act: ActRead, Denied: msgNoView, WrongKind: hidden()}, true
	case ReviewInfoChange:
		return Rule{Who: Staff, Object: ObjInfoChange, Act: ActReview, Denied: "您没有权限审核信息变更"}, true
	}
	return councilRule(a)
}

// msgCouncilOnly refuses 完善理事资料 to a member below 理事.
const msgCouncilOnly = "完善理事资料仅适用于理事及以上单位会员"

// councilRule is the rule of 完善理事资料: the council role's own forms
// (council:read, council:write), the reviewers' (and the admin's) queue
// (council:read, council:review). A member asking for the staff's queue is
// told it does not exist.
func councilRule(a Action) (Rule, bool) {
	switch a {
	case ReadOwnCouncil:
		return Rule{Who: Members, Object: ObjCouncil, Act: ActRead, Owned: true, Denied: msgCouncilOnly,
			WrongKind: notMembersBusiness()}, true
	case EditOwnCouncil:
		return Rule{Who: Members, Object: ObjCouncil, Act: ActWrite, Owned: true, Denied: msgCouncilOnly,
			WrongKind: notMembersBusiness()}, true
	case ListCouncilForms:
		return Rule{Who: Staff, Object: ObjCouncil, Act: ActRead, Denied: msgNoView, WrongKind: hidden()}, true
	case ReviewCouncilForm:
		return Rule{Who: Staff, Object: ObjCouncil, Act: ActReview, Denied: "您没有权限审核理事资料",
			WrongKind: hidden()}, true
	}
	return cardRule(a)
}

// cardRule is the rule of 我的会员卡 (individuals' card:read) and 会员证书
// (enterprises' certificate:read); re-issuing is the holder's own, whichever
// it holds.
func cardRule(a Action) (Rule, bool) {
	switch a {
	case ReadOwnCard:
		return Rule{Who: Members, Object: ObjCard, Act: ActRead, Owned: true, Denied: "会员卡仅供个人会员使用",
			WrongKind: notMembersBusiness()}, true
	case ReadOwnCertificate:
		return Rule{Who: Members, Object: ObjCertificate, Act: ActRead, Owned: true, Denied: "会员证书仅供单位会员使用",
			WrongKind: notMembersBusiness()}, true
	case ReissueOwnCard:
		return Rule{Who: Members, Owned: true, WrongKind: notMembersBusiness()}, true
	}
	return submissionRule(a)
}

// submissionRule is the rule of 企业投稿: enterprises (and council members)
// submit and read their own; the editors (editor, admin) review.
func submissionRule(a Action) (Rule, bool) {
	switch a {
	case ReadOwnSubmissions:
		return Rule{Who: Members, Object: ObjSubmission, Act: ActRead, Owned: true, Denied: "企业投稿仅供单位会员使用",
			WrongKind: notMembersBusiness()}, true
	case SubmitOwnArticle:
		return Rule{Who: Members, Object: ObjSubmission, Act: ActWrite, Owned: true, Denied: "企业投稿仅供单位会员使用",
			WrongKind: notMembersBusiness()}, true
	case ReviewSubmission:
		return Rule{Who: Staff, Object: ObjSubmission, Act: ActReview, Denied: "您没有权限审核企业投稿"}, true
	}
	return localeRule(a)
}
