package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// Routes is where the UI adds its routes: a *bunrouter.Router or a
// *bunrouter.Group at the root path (the pages link to absolute paths).
type Routes interface {
	GET(path string, h bunrouter.HandlerFunc)
	POST(path string, h bunrouter.HandlerFunc)
}

// Register adds every route of the web UI.
func (u *UI) Register(r Routes) {
	// Static files under checksummed URLs.
	r.GET("/static/:hash/*path", u.staticServe)

	// Public site.
	r.GET("/", u.homeShow)
	r.GET("/notices", u.noticesList)
	r.GET("/news", u.newsList)
	r.GET("/member-news", u.memberNewsList)
	r.GET("/events", u.eventsList)
	for _, c := range []content.Column{content.Notices, content.News, content.MemberNews} {
		r.GET(c.Path()+"/feed.xml", u.columnFeed(c))
	}
	r.GET("/sitemap.xml", u.sitemap)
	r.GET(langPath+":locale", u.langSwitch) // 中文 / English
	r.GET(siteLogoPath, u.siteLogo)
	r.GET(siteThemePath, u.siteTheme)
	r.GET("/members/search", u.membersSearch)
	r.GET(memberVerifyPath+":token", u.membersVerify)
	r.GET(articleFilesPrefix+":id", u.articleShow)
	r.GET(articleFilesPrefix+":id/files/:file", u.articleFile)

	// Member accounts.
	r.GET("/login", u.loginShow)
	r.POST("/login", u.protect(u.loginSubmit))
	r.GET("/register", u.registerShow)
	r.POST("/register", u.protect(u.registerSubmit))
	r.GET("/password/forgot", u.passwordForgotShow)
	r.POST("/password/forgot", u.protect(u.passwordForgotSubmit))
	r.GET("/password/reset", u.passwordResetShow)
	r.POST("/password/reset", u.protect(u.passwordResetSubmit))
	r.POST("/logout", u.protect(u.logoutSubmit))

	// Member portal.
	r.GET("/member", u.memberOnly(u.memberHome))
	r.GET("/member/password", u.memberOnly(u.memberPasswordShow))
	r.GET(withdrawPath, u.memberOnly(u.memberWithdrawShow)) // 申请退会
	r.POST(withdrawPath, u.protect(u.memberOnly(u.memberWithdrawSubmit)))
	r.POST("/member/password", u.protect(u.memberOnly(u.memberPasswordSubmit)))
	r.GET(notesPath, u.memberOnly(u.memberNotifications))

	// Email verification: the link's page (no login needed), and the portal's
	// 验证邮箱 with 「重新发送验证邮件」.
	r.GET(verifyEmailPath, u.emailVerifyShow)
	r.POST(verifyEmailPath, u.protect(u.emailVerifySubmit))
	r.GET(memberEmailPath, u.memberOnly(u.memberEmailShow))
	r.POST(resendPath, u.protect(u.memberOnly(u.memberEmailResend)))

	// Membership application (入会申请): ② the form, ③ print, stamp and upload,
	// ④ waiting and approved. Until the address is verified, the pages that
	// offer what the core refuses show the verification step instead.
	r.GET(appPath, u.memberOnly(u.verifiedOnly("application", u.memberApplicationShow)))
	r.GET(appFormPath, u.memberOnly(u.verifiedOnly("application", u.memberApplicationFormShow)))
	r.POST(appFormPath, u.protect(u.memberOnly(u.memberApplicationFormSubmit)))
	r.GET(appUploadPath, u.memberOnly(u.verifiedOnly("application", u.memberApplicationUploadShow)))
	r.GET(appScanPath, u.memberOnly(u.memberApplicationScan))
	r.POST(appScanPath, u.memberUpload(u.memberApplicationScanUpload))
	r.GET(appPDFPath, u.memberOnly(u.memberApplicationPDF))
	r.POST(appSubmitPath, u.protect(u.memberOnly(u.memberApplicationSubmit)))

	// Fees and payments (缴纳会费): transfer claim, 缴费凭证, Alipay, 我的会员卡.
	r.GET(feesPath, u.memberOnly(u.verifiedOnly("fees", u.memberFeesShow)))
	r.POST(feesClaimPath, u.protect(u.memberOnly(u.memberFeesClaim)))
	r.POST(feesVoucherPath, u.memberUpload(u.memberFeesVoucher))
	r.GET(feesPath+"/payments/:id/voucher", u.memberOnly(u.memberFeesVoucherFile))
	r.POST(feesOnlinePath, u.protect(u.memberOnly(u.memberFeesOnline)))
	r.GET(PaymentReturnPath, u.memberOnly(u.memberPaymentReturn))
	r.GET(cardPath, u.memberOnly(u.memberCard))
	// 我的会员卡 / 会员证书 (issue 13): downloads and 重新签发.
	r.GET(cardDownloadPath, u.memberOnly(u.memberCardDownload))
	r.POST(cardReissuePath, u.protect(u.memberOnly(u.memberCardReissue)))
	// 企业投稿 (issue 13): the member's upload and 投稿记录.
	r.GET(submissionsPath, u.memberOnly(u.memberSubmissions))
	r.POST(submissionsPath, u.memberUpload(u.memberSubmissionUpload))
	r.GET(submissionsPath+"/:id/file", u.memberOnly(u.memberSubmissionFile))
	// The gateway's signed notification: no session, no CSRF token.
	r.POST(PaymentNotifyPath, u.paymentNotify)
	if h := u.cfg.PaymentSandbox; h != nil {
		r.GET(PaymentSandboxPath, bunrouter.HTTPHandler(h))
		r.POST(PaymentSandboxPath, bunrouter.HTTPHandler(h))
	}

	// 申请发票: the member's invoice requests and files.
	r.GET(invoicesPath, u.memberOnly(u.verifiedOnly("invoices", u.memberInvoicesShow)))
	// 联系人管理 (issue 13).
	r.GET(contactsPath, u.memberOnly(u.memberContactsShow))
	r.POST(contactsSavePath, u.protect(u.memberOnly(u.memberContactsSave)))
	r.POST(contactsDeletePath, u.protect(u.memberOnly(u.memberContactsDelete)))
	// 信息变更 (issue 13): the form with its proof, withdrawal, the member's own proofs.
	r.GET(infoChangePath, u.memberOnly(u.memberInfoChangeShow))
	r.POST(infoChangePath, u.memberUpload(u.memberInfoChangeSubmit))
	r.POST(infoChangeWithdrawPath, u.protect(u.memberOnly(u.memberInfoChangeWithdraw)))
	r.GET(infoChangePath+"/:id/proof", u.memberOnly(u.memberInfoChangeProof))
	// 完善理事资料 (council members) and the reviewers' 理事资料.
	u.councilRoutes(r)
	r.POST(invoicesRequestPath, u.protect(u.memberOnly(u.memberInvoicesRequest)))
	r.POST(invoicesWithdrawPath, u.protect(u.memberOnly(u.memberInvoicesWithdraw)))
	r.GET(invoicesPath+"/:id/file", u.memberOnly(u.memberInvoiceFile))
	// 申请借发票: the online form, the filled 《提前开票申请》, the stamped scan.
	r.GET(advancePath, u.memberOnly(u.verifiedOnly("invoices", u.memberAdvanceShow)))
	r.POST(advancePath, u.protect(u.memberOnly(u.memberAdvanceRequest)))
	r.GET(advancePath+"/:id/pdf", u.memberOnly(u.memberAdvancePDF))
	r.GET(advancePath+"/:id/scan", u.memberOnly(u.memberAdvanceScanFile))
	r.POST(advancePath+"/:id/scan", u.memberUpload(u.memberAdvanceScan))

	// Back office.
	r.GET("/admin/login", u.adminLoginShow)
	r.POST("/admin/login", u.protect(u.adminLoginSubmit))
	r.POST("/admin/logout", u.protect(u.adminLogoutSubmit))
	r.GET("/admin", u.staffOnly(u.adminHome))
	r.GET("/admin/password", u.staffOnly(u.adminPasswordShow))
	r.POST("/admin/password", u.protect(u.staffOnly(u.adminPasswordSubmit)))

	// Review of applications (入会审核).
	r.GET(adminAppsPath, u.reviewerOnly(u.adminApplicationsList))
	r.GET(adminAppsPath+"/:id", u.reviewerOnly(u.adminApplicationShow))
	r.GET(adminAppsPath+"/:id/scan", u.reviewerOnly(u.adminApplicationScan))
	r.GET(adminAppsPath+"/:id/pdf", u.reviewerOnly(u.adminApplicationPDF))
	r.POST(adminAppsPath+"/:id/approve", u.protect(u.reviewerOnly(u.adminApplicationApprove)))
	r.POST(adminAppsPath+"/:id/reject", u.protect(u.reviewerOnly(u.adminApplicationReject)))

	// Finance (缴费确认, 银行对账), the secretariat (秘书处审批) and the fee settings.
	r.GET(adminPaymentsPath, u.financeOnly(u.adminPaymentsList))
	r.GET(adminPaymentsPath+"/:id", u.financeOnly(u.adminPaymentShow))
	r.GET(adminPaymentsPath+"/:id/voucher", u.financeOnly(u.adminPaymentVoucher))
	r.POST(adminPaymentsPath+"/:id/confirm", u.protect(u.financeOnly(u.adminPaymentConfirm)))
	r.POST(adminPaymentsPath+"/:id/reject", u.protect(u.financeOnly(u.adminPaymentReject)))
	// The money cases (issue 12 item 5): 退款待办, 标记已退款 and the ledger export (缴费台账).
	r.GET(adminRefundsPath, u.staffWith(access.ListPayments, u.adminRefundsList))
	r.POST(adminPaymentsPath+"/:id/refunded", u.protect(u.staffWith(access.MarkRefunded, u.adminPaymentRefunded)))
	r.GET(adminLedgerPath, u.staffWith(access.ExportPayments, u.adminLedgerExport))
	r.GET(adminStatementsPath, u.financeOnly(u.adminStatementsList))
	r.POST(adminStatementsPath, u.financeUpload(u.adminStatementUpload))
	r.GET(adminStatementsPath+"/:id", u.financeOnly(u.adminStatementShow))
	r.POST(adminStatementsPath+"/:id/confirm", u.protect(u.financeOnly(u.adminStatementConfirm)))
	r.POST(adminStatementsPath+"/lines/:id", u.protect(u.financeOnly(u.adminStatementLineAssign)))
	r.GET(adminMembershipsPath, u.secretariatOnly(u.adminMembershipsList))
	r.POST(adminMembershipsPath+"/approve", u.protect(u.secretariatOnly(u.adminMembershipsApprove)))
	r.GET(adminFeeSettingsPath, u.adminOnly(u.adminFeeSettingsShow))
	r.POST(adminFeeSettingsPath, u.protect(u.adminOnly(u.adminFeeSettingsSubmit)))
	r.GET(adminMailFailedPath, u.adminOnly(u.adminMailFailed))

	// Finance's 发票管理: the queue, a request, issue (with the e-invoice file), return, 红冲.
	r.GET(adminInvoicesPath, u.staffWith(access.ListInvoices, u.adminInvoicesList))
	r.GET(adminInvoicesPath+"/:id", u.staffWith(access.ListInvoices, u.adminInvoiceShow))
	r.GET(adminInvoicesPath+"/:id/file", u.staffWith(access.ListInvoices, u.adminInvoiceFile))
	r.POST(adminInvoicesPath+"/:id/issue", u.protectUpload(u.staffWith(access.IssueInvoice, readUpload(u, u.adminInvoiceIssue))))
	r.POST(adminInvoicesPath+"/:id/return", u.protect(u.staffWith(access.IssueInvoice, u.adminInvoiceReturn)))
	r.POST(adminInvoicesPath+"/:id/void", u.protect(u.staffWith(access.IssueInvoice, u.adminInvoiceVoid)))
	r.GET(adminInvoicesPath+"/:id/scan", u.staffWith(access.ListInvoices, u.adminAdvanceScan))
	r.GET(adminInvoicesPath+"/:id/pdf", u.staffWith(access.ListInvoices, u.adminAdvancePDF))
	r.POST(adminInvoicesPath+"/:id/write-off", u.protect(u.staffWith(access.IssueInvoice, u.adminAdvanceWriteOff)))
	r.GET(adminInvoiceNoticePath, u.adminOnly(u.adminInvoiceNoticeShow))
	r.POST(adminInvoiceNoticePath, u.protect(u.adminOnly(u.adminInvoiceNoticeSubmit)))

	// The member registry (会员管理).
	r.GET(adminMembersPath, u.staffWith(access.ListMembers, u.adminMembersList))
	r.GET(adminMembersPath+"/:id", u.staffWith(access.InspectMember, u.adminMemberShow))
	r.GET(adminMembersExportPath, u.staffWith(access.ExportMembers, u.adminMembersExport)) // 导出
	// The registry's staff changes (编辑资料, 新建会员, 调整级别, 暂停/恢复/退会).
	// 导入老会员 (issue 11, admin).
	r.GET(adminImportsPath, u.staffWith(access.ImportMembers, u.adminImports))
	r.GET(importTemplatePath, u.staffWith(access.ImportMembers, u.adminImportTemplate))
	r.POST(adminImportsPath, u.protectUpload(u.staffWith(access.ImportMembers, readUpload(u, u.adminImportUpload))))
	r.POST(adminImportsPath+"/:key/map", u.protect(u.staffWith(access.ImportMembers, u.adminImportMap)))
	r.POST(adminImportsPath+"/:key/commit", u.protect(u.staffWith(access.ImportMembers, u.adminImportCommit)))
	r.GET(importBatchesPath+":id", u.staffWith(access.ImportMembers, u.adminImportBatch))
	r.GET(importBatchesPath+":id/progress", u.staffWith(access.ImportMembers, u.adminImportProgress))
	r.POST(importBatchesPath+":id/undo", u.protect(u.staffWith(access.ImportMembers, u.adminImportUndo)))
	r.GET(adminMembersPath+"/new", u.staffWith(access.CreateMember, u.adminMemberNew))
	r.POST(adminMembersPath+"/new", u.protect(u.staffWith(access.CreateMember, u.adminMemberNewSubmit)))
	r.GET(adminMembersPath+"/:id/edit", u.staffWith(access.EditMember, u.adminMemberEdit))
	r.POST(adminMembersPath+"/:id/edit", u.protect(u.staffWith(access.EditMember, u.adminMemberEditSubmit)))
	r.POST(adminMembersPath+"/:id/level", u.protect(u.staffWith(access.ChangeMemberLevel, u.adminMemberLevel)))
	for _, a := range []string{"suspend", "reinstate", "withdraw"} {
		r.POST(adminMembersPath+"/:id/"+a, u.protect(u.staffWith(access.ChangeMembershipStatus, u.adminMemberStatus(a))))
	}
	// The audit log (操作日志 / 我的操作记录).
	r.GET(adminAuditPath, u.staffWith(access.ReadAuditLog, u.adminAuditList))
	// 导出 of every back-office list as filtered, and 「导出所选」 of 会员管理.
	r.GET(adminExportPath+"/:list", u.staffOnly(u.adminExport))
	r.POST(adminExportSelectedPath, u.protect(u.staffWith(access.ExportMembers, u.adminExportSelected)))
	r.GET(adminExportJobsPath, u.staffWith(access.ReadOwnExportJobs, u.adminExportJobs))
	r.GET(adminExportJobsPath+"/:id/file", u.staffWith(access.ReadOwnExportJobs, u.adminExportJobFile))

	// Staff accounts (工作人员管理, admin).
	r.GET(adminStaffPath, u.staffWith(access.ManageStaff, u.adminStaffList))
	r.POST(adminStaffPath, u.protect(u.staffWith(access.ManageStaff, u.adminStaffCreate)))
	r.GET(adminStaffPath+"/:id", u.staffWith(access.ManageStaff, u.adminStaffShow))
	r.POST(adminStaffPath+"/:id/role", u.protect(u.staffWith(access.ManageStaff, u.adminStaffRole)))
	r.POST(adminStaffPath+"/:id/disable", u.protect(u.staffWith(access.ManageStaff, u.adminStaffDisable)))
	r.POST(adminStaffPath+"/:id/enable", u.protect(u.staffWith(access.ManageStaff, u.adminStaffEnable)))
	r.POST(adminStaffPath+"/:id/password", u.protect(u.staffWith(access.ManageStaff, u.adminStaffPassword)))

	// Help with a member's account (账号协助 on the member's page).
	r.POST(adminMembersPath+"/:id/help/reset-link", u.protect(u.staffWith(access.HelpMemberAccount,
		u.adminMemberSendReset)))
	r.POST(adminMembersPath+"/:id/help/unlock", u.protect(u.staffWith(access.HelpMemberAccount, u.adminMemberUnlock)))
	r.POST(adminMembersPath+"/:id/help/resend-mail", u.protect(u.staffWith(access.HelpMemberAccount,
		u.adminMemberResendMail)))
	r.POST(adminMembersPath+"/:id/help/email", u.protect(u.staffWith(access.HelpMemberAccount,
		u.adminMemberChangeEmail)))
	r.GET(emailChangePath, u.emailChangeShow)
	r.POST(emailChangePath, u.protect(u.emailChangeSubmit))

	// 信息变更审核 (issue 13): the queue, one request, its proof, the decision.
	r.GET(adminInfoChangesPath, u.staffWith(access.ReviewInfoChange, u.adminInfoChangesList))
	r.GET(adminInfoChangesPath+"/:id", u.staffWith(access.ReviewInfoChange, u.adminInfoChangeShow))
	r.GET(adminInfoChangesPath+"/:id/proof", u.staffWith(access.ReviewInfoChange, u.adminInfoChangeProof))
	r.POST(adminInfoChangesPath+"/:id/approve", u.protect(u.staffWith(access.ReviewInfoChange,
		u.adminInfoChangeApprove)))
	r.POST(adminInfoChangesPath+"/:id/reject", u.protect(u.staffWith(access.ReviewInfoChange,
		u.adminInfoChangeReject)))

	// The reports (统计报表).
	r.GET(adminReportsPath, u.staffWith(access.ReadReports, u.adminReports))

	// The content editor (网站内容: admin and editor).
	editor := func(h func(http.ResponseWriter, bunrouter.Request, *staffCtx) error) bunrouter.HandlerFunc {
		return u.staffWith(access.EditContent, h)
	}
	r.GET(adminContentPath, editor(u.adminContentList))
	r.GET(adminContentPath+"/new", editor(u.adminContentNew))
	r.POST(adminContentPath, u.protect(editor(u.adminContentCreate)))
	r.POST(adminContentPath+"/preview", u.protect(editor(u.adminContentPreview)))
	r.GET(adminContentPath+"/:id", editor(u.adminContentEdit))
	r.POST(adminContentPath+"/:id", u.protect(editor(u.adminContentSave)))
	r.POST(adminContentPath+"/:id/status", u.protect(editor(u.adminContentStatus)))
	r.POST(adminContentPath+"/:id/files", u.protectUpload(editor(readUpload(u, u.adminContentUpload))))
	r.POST(adminContentPath+"/:id/files/:file/delete", u.protect(editor(u.adminContentRemoveFile)))
	// 投稿审核 (issue 13): the editors publish 企业投稿 to 会员动态.
	r.GET(adminSubmissionsPath, u.editorOnly(u.adminSubmissions))
	r.GET(adminSubmissionsPath+"/:id", u.editorOnly(u.adminSubmission))
	r.POST(adminSubmissionsPath+"/:id/approve", u.protect(u.editorOnly(u.adminSubmissionApprove)))
	r.POST(adminSubmissionsPath+"/:id/reject", u.protect(u.editorOnly(u.adminSubmissionReject)))
	r.GET(adminSubmissionsPath+"/:id/file", u.editorOnly(u.adminSubmissionFile))

	// Bulk notices (群发通知: admin and editor).
	r.GET(adminBulkPath, u.staffWith(access.ReadBulkNotices, u.adminBulkList))
	r.GET(adminBulkPath+"/new", u.staffWith(access.SendBulkNotice, u.adminBulkNew))
	r.POST(adminBulkPath, u.protect(u.staffWith(access.SendBulkNotice, u.adminBulkCreate)))
	r.GET(adminBulkPath+"/:id", u.staffWith(access.ReadBulkNotices, u.adminBulkShow))
	r.GET(adminBulkPath+"/:id/progress", u.staffWith(access.ReadBulkNotices, u.adminBulkProgress))

	// Branding and site settings (网站设置: admin).
	r.GET(adminSitePath, u.adminOnly(u.adminSiteShow))
	r.POST(adminSitePath, u.protect(u.adminOnly(u.adminSiteSubmit)))
	r.POST(adminSitePath+"/logo", u.protectUpload(u.adminOnly(readUpload(u, u.adminSiteLogo))))
	r.POST(adminSitePath+"/texts", u.protectUpload(u.adminOnly(readUpload(u, u.adminSiteTexts)))) // 文字替换

	// The slider check's JSON endpoints.
	r.POST("/captcha/new", u.protectJSON(u.captchaNew))
	r.POST("/captcha/verify", u.protectJSON(u.captchaVerify))
}
