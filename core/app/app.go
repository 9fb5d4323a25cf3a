// Package app is the table of contents of the core: every command, query and
// event handler it offers (this file), and their wiring from the ports
// (wire.go). Inbound adapters use a *Core.
package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/eventhandler"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// Commands are the state-changing use cases.
type Commands struct {
	// Accounts.
	RegisterMember       *command.RegisterMemberHandler
	VerifyEmail          *command.VerifyEmailHandler
	ResendVerification   *command.ResendEmailVerificationHandler
	Login                *command.LoginHandler
	StaffLogin           *command.StaffLoginHandler
	Logout               *command.LogoutHandler
	RequestPasswordReset *command.RequestPasswordResetHandler
	ResetPassword        *command.ResetPasswordHandler
	ChangePassword       *command.ChangePasswordHandler
	CreateStaff          *command.CreateStaffHandler
	DisableStaff         *command.DisableStaffHandler
	ChangeStaffRole      *command.ChangeStaffRoleHandler

	// Applications.
	SaveApplicationDraft  *command.SaveApplicationDraftHandler
	UploadApplicationScan *command.UploadApplicationScanHandler
	SubmitApplication     *command.SubmitApplicationHandler
	ApproveApplication    *command.ApproveApplicationHandler
	RejectApplication     *command.RejectApplicationHandler
	MarkNotificationsRead *command.MarkNotificationsReadHandler

	// Fees and payments (members).
	AssignPaymentRef          *command.AssignPaymentRefHandler
	ClaimPayment              *command.ClaimPaymentHandler
	UploadPaymentVoucher      *command.UploadPaymentVoucherHandler
	StartOnlinePayment        *command.StartOnlinePaymentHandler
	HandlePaymentNotification *command.HandlePaymentNotificationHandler
	// Finance.
	ConfirmPayment      *command.ConfirmPaymentHandler
	RejectPayment       *command.RejectPaymentHandler
	ImportStatement     *command.ImportStatementHandler
	AssignStatementLine *command.AssignStatementLineHandler
	ConfirmStatement    *command.ConfirmStatementHandler
	// Secretariat.
	ApproveMemberships *command.ApproveMembershipsHandler
	// Admin.
	UpdateFeeSettings *command.UpdateFeeSettingsHandler
	// Scheduler.
	RenewalSweep *command.RenewalSweepHandler

	// Invoices (申请发票; finance's 发票管理).
	RequestInvoice  *command.RequestInvoiceHandler
	WithdrawInvoice *command.WithdrawInvoiceHandler
	IssueInvoice    *command.IssueInvoiceHandler
	ReturnInvoice   *command.ReturnInvoiceHandler
	VoidInvoice     *command.VoidInvoiceHandler
	// 借发票 (advance invoices).
	RequestAdvanceInvoice *command.RequestAdvanceInvoiceHandler
	UploadAdvanceScan     *command.UploadAdvanceScanHandler
	WriteOffAdvance       *command.WriteOffAdvanceHandler
	// SettleAdvance reacts to a confirmed payment (an event handler too).
	SettleAdvance *command.SettleAdvanceHandler
	// RemindAdvances reminds members of overdue advances (the scheduler runs it).
	RemindAdvances *command.RemindAdvancesHandler
	// UpdateInvoiceNotice edits the notice of 申请发票 (admin).
	UpdateInvoiceNotice *command.UpdateInvoiceNoticeHandler
	// The content editor (admin, editor).
	SaveArticle         *command.SaveArticleHandler
	ChangeArticleStatus *command.ChangeArticleStatusHandler
	UploadArticleFile   *command.UploadArticleFileHandler
	RemoveArticleFile   *command.RemoveArticleFileHandler
	// Branding and site settings (admin).
	UpdateSiteSettings *command.UpdateSiteSettingsHandler
	UploadSiteLogo     *command.UploadSiteLogoHandler
	// UpdateSiteTexts is 网站设置's 文字替换 (the admin's wording).
	UpdateSiteTexts *command.UpdateSiteTextsHandler
	// The member registry's staff changes (编辑资料, 新建会员, 调整级别,
	// 暂停会籍 / 恢复会籍 / 退会).
	StaffEditMember   *command.StaffEditMemberHandler
	StaffCreateMember *command.StaffCreateMemberHandler
	ChangeMemberLevel *command.ChangeMemberLevelHandler
	SuspendMember     *command.SuspendMemberHandler
	ReinstateMember   *command.ReinstateMemberHandler
	WithdrawMember    *command.WithdrawMemberHandler
	// RequestWithdrawal is a member's own 申请退会.
	RequestWithdrawal *command.RequestWithdrawalHandler
	// Staff accounts (工作人员管理, admin).
	AdminCreateStaff    *command.AdminCreateStaffHandler
	SetStaffRole        *command.SetStaffRoleHandler
	DisableStaffAccount *command.DisableStaffAccountHandler
	EnableStaffAccount  *command.EnableStaffAccountHandler
	ResetStaffPassword  *command.ResetStaffPasswordHandler

	// Help with a member's account (账号协助, reviewer and admin).
	SendMemberResetLink *command.SendMemberResetLinkHandler
	UnlockMemberLogin   *command.UnlockMemberLoginHandler
	ResendMemberMail    *command.ResendMemberMailHandler
	ChangeMemberEmail   *command.ChangeMemberEmailHandler
	// The member's side: the confirmation link of a login-email change.
	ConfirmEmailChange *command.ConfirmEmailChangeHandler
	// QueryOpenPayments asks the gateway about online orders whose
	// notification is late (issue 15).
	QueryOpenPayments *command.QueryOpenPaymentsHandler
	// The member portal's 联系人管理 (issue 13).
	SaveContact   *command.SaveContactHandler
	DeleteContact *command.DeleteContactHandler
	// 信息变更 (issue 13): the member's request and withdrawal, the
	// reviewer's decision.
	RequestInfoChange  *command.RequestInfoChangeHandler
	WithdrawInfoChange *command.WithdrawInfoChangeHandler
	ApproveInfoChange  *command.ApproveInfoChangeHandler
	RejectInfoChange   *command.RejectInfoChangeHandler
	// 完善理事资料 (issue 13, item 4): the council member's forms and
	// 联系人信息; the reviewers' return and 确认.
	SaveCouncilForm    *command.SaveCouncilFormHandler
	SaveCouncilContact *command.SaveCouncilContactHandler
	ReviewCouncilForm  *command.ReviewCouncilFormHandler
	// The money cases (issue 12 item 5): finance marks a refund due (退款待办) refunded.
	MarkRefunded *command.MarkRefundedHandler

	// Bulk notices (群发通知, issue 14 item 6): staff send; the scheduler
	// dispatches within the send rate.
	SendBulkNotice      *command.SendBulkNoticeHandler
	DispatchBulkNotices *command.DispatchBulkNoticesHandler
	// ReissueCard re-issues a member's card or certificate (issue 13).
	ReissueCard *command.ReissueCardHandler
	// 企业投稿 (issue 13): the member's upload, the editors' review.
	SubmitArticle     *command.SubmitArticleHandler
	ApproveSubmission *command.ApproveSubmissionHandler
	RejectSubmission  *command.RejectSubmissionHandler
	// 导入老会员 (issue 11, admin): dry run, commit as a batch, undo.
	PreviewImport *command.PreviewImportHandler
	CommitImport  *command.CommitImportHandler
	UndoImport    *command.UndoImportHandler
	// SetMemberLocale keeps a member's language (中文 · English) for its
	// logins and emails.
	SetMemberLocale *command.SetMemberLocaleHandler
	// StagedImports keeps the uploaded file between the preview and the
	// commit, in the file store.
	StagedImports *command.StagedImportsHandler
}

// Queries are the read-side use cases.
type Queries struct {
	// Accounts.
	CurrentSession   *query.CurrentSessionHandler
	VerificationLink *query.EmailVerificationLinkHandler
	MemberDashboard  *query.MemberDashboardHandler
	StaffProfile     *query.StaffProfileHandler

	// ResetLink tells a reset link's page whether the link still works (issue 16).
	ResetLink *query.PasswordResetLinkHandler

	// Applications.
	MemberApplication   *query.MemberApplicationHandler
	ApplicationScan     *query.ApplicationScanHandler
	ApplicationPDF      *query.ApplicationPDFHandler
	ApplicationOptions  *query.ApplicationOptionsHandler
	ReviewQueue         *query.ReviewQueueHandler
	ApplicationDetail   *query.ApplicationDetailHandler
	MemberNotifications *query.MemberNotificationsHandler
	WorkQueues          *query.WorkQueuesHandler

	// Fees and payments.
	FeePage             *query.FeePageHandler
	OnlinePayment       *query.OnlinePaymentHandler
	OnlinePaymentReturn *query.OnlinePaymentReturnHandler
	PaymentQueue        *query.PaymentQueueHandler
	PaymentDetail       *query.PaymentDetailHandler
	PaymentVoucher      *query.PaymentVoucherHandler
	Statements          *query.StatementsHandler
	StatementDetail     *query.StatementDetailHandler
	UnmatchedLines      *query.UnmatchedLinesHandler
	SecretariatQueue    *query.SecretariatQueueHandler
	FeeSettings         *query.FeeSettingsHandler
	// Admin.
	UndeliveredMail *query.UndeliveredMailHandler

	// The member registry (会员管理).
	MemberList   *query.MemberListHandler
	MemberDetail *query.MemberDetailHandler
	// MemberExport streams the filtered registry (导出, XLSX or CSV), audited.
	MemberExport *query.MemberExportHandler
	// ListExport exports any back-office list as filtered (会员, 缴费确认,
	// 银行对账, 发票管理, 操作日志) or the selected members, audited.
	ListExport *query.ListExportHandler
	// ExportJobs runs large exports in the background (导出任务).
	ExportJobs *query.ExportJobsHandler

	// Invoices.
	MemberInvoices *query.MemberInvoicesHandler
	InvoiceFile    *query.InvoiceFileHandler
	InvoiceQueue   *query.InvoiceQueueHandler
	InvoiceDetail  *query.InvoiceDetailHandler
	AdvancePDF     *query.AdvancePDFHandler
	InvoiceNotice  *query.InvoiceNoticeHandler
	// The public site: 会员查询 (and the card's verification).
	PublicMemberLookup *query.PublicMemberLookupHandler
	// The site's articles: lists, articles and files for readers and editors.
	Articles *query.ArticlesHandler
	// The site's branding (every page).
	SiteSettings *query.SiteSettingsHandler
	// MemberEditForm is the staff's 编辑资料 form of a member.
	MemberEditForm *query.MemberEditFormHandler

	// Staff accounts (工作人员管理, admin).
	StaffList    *query.StaffListHandler
	StaffAccount *query.StaffAccountHandler

	// Help with a member's account (账号协助).
	MemberAccountHelp *query.MemberAccountHelpHandler
	// The audit log (操作日志): the admin's, and every staff account's own.
	AuditLog *query.AuditLogHandler
	// The reports (统计报表) and the back office home's headline figures.
	Reports     *query.ReportsHandler
	HomeFigures *query.HomeFiguresHandler
	// The member portal's 联系人管理 (issue 13).
	ContactList *query.ContactListHandler
	// 信息变更 (issue 13): the member's page, the reviewers' queue, one
	// request and its proof.
	InfoChanges *query.InfoChangeHandlers
	// 完善理事资料 (issue 13, item 4): the member's page (and the home's 小提示),
	// a form to fill or view, its PDF, and the reviewers' queue.
	CouncilPage    *query.CouncilPageHandler
	CouncilForm    *query.CouncilFormHandler
	CouncilFormPDF *query.CouncilFormPDFHandler
	CouncilQueue   *query.CouncilQueueHandler
	// The money cases (issue 12 item 5): 退款待办 and the payment ledger (缴费台账).
	RefundList    *query.RefundListHandler
	PaymentLedger *query.PaymentLedgerHandler

	// Bulk notices (群发通知): the recipients' preview, the list and one
	// campaign's progress.
	BulkNoticePreview *query.BulkNoticePreviewHandler
	BulkNotices       *query.BulkNoticesHandler
	BulkNoticeDetail  *query.BulkNoticeDetailHandler
	// 我的会员卡 / 会员证书, their downloads and the public verification of the
	// QR link (issue 13).
	MemberCard       *query.MemberCardHandler
	MemberCardFile   *query.MemberCardFileHandler
	CardVerification *query.CardVerificationHandler
	// 企业投稿 (issue 13): 投稿记录, the editors' queue, a submission's text and file.
	Submissions *query.SubmissionsHandler
	// ImportBatches are 导入老会员's batches, their progress and members.
	ImportBatches *query.ImportBatchesHandler
	// MemberLocale is a member's language setting ("" when unset).
	MemberLocale *query.MemberLocaleHandler
}

// Core is the whole core, ready for inbound adapters: its use cases, the
// slider check that guards public forms and the reactions to domain events.
// Adapters ask it what a principal may do (Can); the policy it asks stays
// inside, so that no adapter re-decides from the raw role × permission table.
type Core struct {
	Commands      Commands
	Queries       Queries
	Captcha       *command.Captcha
	EventHandlers []eventhandler.Handler
	Clock         ports.Clock
	// policy answers the authorization table's role × permission questions.
	policy ports.Authorizer
}

// Can reports whether principal p may take action a on its own records — the
// question an inbound adapter asks before it offers a page or a button, so that
// it renders the core's decision (core/domain/access) instead of re-deciding
// it. Only a policy that cannot answer is an error.
func (c *Core) Can(p access.Principal, a access.Action) (bool, error) {
	return access.Can(c.policy, p, a, p.ID)
}

// Authorize is Can with the core's refusal: nil when principal p may take
// action a on its own records, otherwise the error the use case itself would
// return (Unauthorized for a guest, Forbidden with the table's message, …). An
// inbound adapter asks it before work the use case would waste — reading an
// upload's body — so that the refusal comes first and is the same.
func (c *Core) Authorize(p access.Principal, a access.Action) error {
	return access.Authorize(c.policy, p, a, p.ID)
}
