// Package httpapi is the JSON API under /api/v1: registration, login with bearer
// tokens, the slider check, the member dashboard and passwords, the membership
// application (form, stamped scan, PDF, submission), notifications, the staff
// review of applications, and fees: the member's 缴纳会费 (claim, voucher, online
// payment), finance's confirmation and bank-statement reconciliation, the
// secretariat's approval and the fee settings, and invoices (申请发票, 借发票,
// finance's 发票管理, the notice of 申请发票). It is an inbound
// adapter: it decodes requests, calls the use cases of core/app and maps their
// errors to HTTP in exactly one place (writeError). The API is described by the
// OpenAPI 3.1 document embedded next to the handlers (openapi.json).
//
// The API authenticates with bearer tokens only and never reads or sets cookies
// as credentials, so it needs no CSRF tokens: a browser never attaches the
// credential on its own. (It reads the web pages' lang cookie, for the language
// of its answers only.)
//
// Answers are in the request's language (Accept-Language, or the lang cookie
// of a browser's call; zh-CN otherwise), said by Content-Language: error
// messages, every field's message and the labels the API writes (see
// WithCatalog).
package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app"
	"github.com/openassoc/membership/core/i18n"
)

// API serves the JSON endpoints. Build it with New and mount it with Register.
type API struct {
	app *app.Core
	log *slog.Logger
	cat *i18n.Catalog // nil: answers in zh-CN (WithCatalog)
}

// New returns the API over the application's use cases. logger is the fallback
// when a request carries no request-scoped logger (see httpmw.Logger); nil means
// slog.Default(). Options: WithCatalog.
func New(a *app.Core, logger *slog.Logger, opts ...Option) *API {
	if logger == nil {
		logger = slog.Default()
	}
	api := &API{app: a, log: logger}
	for _, o := range opts {
		o(api)
	}
	return api
}

// handlerFunc is an endpoint: it writes its success response itself and returns
// any error, which wrap turns into the error response.
type handlerFunc func(w http.ResponseWriter, req bunrouter.Request) error

// route is one endpoint. The table is the single list of what Register mounts;
// a test checks it against the OpenAPI document in both directions.
type route struct {
	method, path string
	handle       handlerFunc
}

// routes lists every endpoint, relative to the /api/v1 group.
func (a *API) routes() []route {
	return []route{
		{http.MethodGet, "/openapi.json", a.openAPI},
		{http.MethodPost, "/captcha", a.issueCaptcha},
		{http.MethodPost, "/captcha/verify", a.verifyCaptcha},
		{http.MethodPost, "/members", a.registerMember},
		{http.MethodPost, "/sessions", a.login},
		{http.MethodDelete, "/sessions/current", a.logout},
		{http.MethodPost, "/staff/sessions", a.staffLogin},
		{http.MethodGet, "/me", a.me},
		{http.MethodPut, "/me/password", a.changePassword},
		{http.MethodPost, "/password-resets", a.requestPasswordReset},
		{http.MethodPost, "/password-resets/confirm", a.resetPassword},
		{http.MethodPost, "/email-verifications/confirm", a.verifyEmail},
		{http.MethodPost, "/me/email-verification", a.resendEmailVerification},

		{http.MethodGet, "/application-options", a.applicationOptions},
		{http.MethodGet, "/me/application", a.getMyApplication},
		{http.MethodPut, "/me/application", a.saveMyApplication},
		{http.MethodPost, "/me/application/scan", a.uploadMyScan},
		{http.MethodGet, "/me/application/scan", a.getMyScan},
		{http.MethodGet, "/me/application/pdf", a.getMyPDF},
		{http.MethodPost, "/me/application/submit", a.submitMyApplication},
		{http.MethodGet, "/me/notifications", a.listMyNotifications},
		{http.MethodPost, "/me/notifications/read", a.markMyNotificationsRead},
		{http.MethodGet, "/applications", a.listApplications},
		{http.MethodGet, "/applications/:member_id", a.getApplication},
		{http.MethodGet, "/applications/:member_id/scan", a.getApplicationScan},
		{http.MethodGet, "/applications/:member_id/pdf", a.getApplicationPDF},
		{http.MethodPost, "/applications/:member_id/approve", a.approveApplication},
		{http.MethodPost, "/applications/:member_id/reject", a.rejectApplication},

		{http.MethodGet, "/me/fees", a.getMyFees},
		{http.MethodPost, "/me/fees/claim", a.claimMyPayment},
		{http.MethodPost, "/me/fees/voucher", a.uploadMyVoucher},
		{http.MethodPost, "/me/fees/online", a.startMyOnlinePayment},
		{http.MethodGet, "/me/fees/online/:out_trade_no", a.getMyOnlinePayment},
		{http.MethodGet, "/payments", a.listPayments},
		{http.MethodGet, "/payments/:payment_id", a.getPayment},
		{http.MethodGet, "/payments/:payment_id/voucher", a.getPaymentVoucher},
		{http.MethodPost, "/payments/:payment_id/confirm", a.confirmPayment},
		{http.MethodPost, "/payments/:payment_id/reject", a.rejectPayment},
		// The money cases (issue 12 item 5): 退款待办, 标记已退款, the ledger (缴费台账).
		{http.MethodGet, "/refunds", a.listRefunds},
		{http.MethodPost, "/payments/:payment_id/refunded", a.markRefunded},
		{http.MethodGet, "/payments/ledger", a.exportLedger},
		{http.MethodGet, "/statements", a.listStatements},
		{http.MethodPost, "/statements", a.uploadStatement},
		{http.MethodGet, "/statements/:statement_id", a.getStatement},
		{http.MethodPost, "/statements/:statement_id/confirm", a.confirmStatement},
		{http.MethodGet, "/statement-lines", a.listUnmatchedLines},
		{http.MethodPost, "/statement-lines/:line_id/assign", a.assignStatementLine},
		{http.MethodGet, "/memberships/pending", a.listPendingMemberships},
		{http.MethodPost, "/memberships/approve", a.approveMemberships},
		{http.MethodGet, "/settings/fees", a.getFeeSettings},
		{http.MethodPut, "/settings/fees", a.putFeeSettings},

		{http.MethodGet, "/members", a.listMembers},
		{http.MethodGet, "/members/export", a.exportMembers}, // 导出 (import/export)

		// 导出所选 and 导出 of any back-office list.
		{http.MethodPost, "/members/export-selected", a.exportSelectedMembers},
		{http.MethodGet, "/exports/:list", a.exportList},
		{http.MethodPost, "/export-jobs", a.startExportJob},
		{http.MethodGet, "/export-jobs", a.listExportJobs},
		{http.MethodGet, "/export-jobs/:job_id", a.getExportJob},
		{http.MethodGet, "/export-jobs/:job_id/file", a.exportJobFile},

		{http.MethodGet, "/members/:member_id", a.getMember},

		// 联系人管理 (issue 13).
		{http.MethodGet, "/me/contacts", a.getMyContacts},
		{http.MethodPost, "/me/contacts", a.addMyContact},
		{http.MethodPut, "/me/contacts/:contact_id", a.editMyContact},
		{http.MethodDelete, "/me/contacts/:contact_id", a.deleteMyContact},
		{http.MethodGet, "/members/:member_id/contacts", a.getMemberContacts},
		// 完善理事资料 (issue 13, item 4).
		{http.MethodGet, "/me/council", a.getMyCouncil},
		{http.MethodPut, "/me/council/contact", a.putMyCouncilContact},
		{http.MethodGet, "/me/council/forms/:kind", a.getMyCouncilForm},
		{http.MethodPut, "/me/council/forms/:kind", a.putMyCouncilForm},
		{http.MethodGet, "/council-forms", a.listCouncilForms},
		{http.MethodGet, "/council-forms/:form_id", a.getCouncilForm},
		{http.MethodGet, "/council-forms/:form_id/pdf", a.getCouncilFormPDF},
		{http.MethodPost, "/council-forms/:form_id/return", a.returnCouncilForm},
		{http.MethodPost, "/council-forms/:form_id/accept", a.acceptCouncilForm},

		// 信息变更 (issue 13): the member's requests, the reviewers' queue.
		{http.MethodGet, "/me/info-changes", a.getMyInfoChanges},
		{http.MethodPost, "/me/info-changes", a.requestMyInfoChange},
		{http.MethodPost, "/me/info-changes/:change_id/withdraw", a.withdrawMyInfoChange},
		{http.MethodGet, "/me/info-changes/:change_id/proof", a.getInfoChangeProof},
		{http.MethodGet, "/info-changes", a.listInfoChanges},
		{http.MethodGet, "/info-changes/:change_id", a.getInfoChange},
		{http.MethodGet, "/info-changes/:change_id/proof", a.getInfoChangeProof},
		{http.MethodPost, "/info-changes/:change_id/approve", a.approveInfoChange},
		{http.MethodPost, "/info-changes/:change_id/reject", a.rejectInfoChange},

		// 群发通知 (bulk notices, issue 14 item 6): admin and editor.
		{http.MethodGet, "/bulk-notices", a.listBulkNotices},
		{http.MethodPost, "/bulk-notices", a.sendBulkNotice},
		{http.MethodGet, "/bulk-notices/preview", a.previewBulkNotice},
		{http.MethodGet, "/bulk-notices/:bulk_id", a.getBulkNotice},
		// 我的会员卡 / 会员证书 and the public check of its QR link (issue 13).
		{http.MethodGet, "/me/card", a.getMyCard},
		{http.MethodGet, "/me/card/file", a.getMyCardFile},
		{http.MethodPost, "/me/card/reissue", a.reissueMyCard},
		{http.MethodGet, "/public/card-verifications/:token", a.verifyCard},
		// 企业投稿 and 投稿审核 (issue 13).
		{http.MethodGet, "/me/submissions", a.getMySubmissions},
		{http.MethodPost, "/me/submissions", a.submitMyArticle},
		{http.MethodGet, "/me/submissions/:submission_id/file", a.getSubmissionFile},
		{http.MethodGet, "/submissions", a.listSubmissions},
		{http.MethodGet, "/submissions/:submission_id", a.getSubmission},
		{http.MethodGet, "/submissions/:submission_id/file", a.getSubmissionFile},
		{http.MethodPost, "/submissions/:submission_id/approve", a.approveSubmission},
		{http.MethodPost, "/submissions/:submission_id/reject", a.rejectSubmission},

		// Invoices (申请发票, 借发票, 发票管理).
		{http.MethodGet, "/me/invoices", a.getMyInvoices},
		{http.MethodPost, "/me/invoices", a.requestMyInvoice},
		{http.MethodPost, "/me/invoices/:invoice_id/withdraw", a.withdrawMyInvoice},
		{http.MethodPost, "/me/advance-invoices", a.requestMyAdvance},
		{http.MethodPost, "/me/advance-invoices/:invoice_id/scan", a.uploadMyAdvanceScan},
		{http.MethodGet, "/invoices", a.listInvoices},
		{http.MethodGet, "/invoices/:invoice_id", a.getInvoice},
		{http.MethodGet, "/invoices/:invoice_id/file", a.getInvoiceFile},
		{http.MethodGet, "/invoices/:invoice_id/advance-form", a.getAdvancePDF},
		{http.MethodPost, "/invoices/:invoice_id/issue", a.issueInvoice},
		{http.MethodPost, "/invoices/:invoice_id/return", a.returnInvoice},
		{http.MethodPost, "/invoices/:invoice_id/void", a.voidInvoice},
		{http.MethodPost, "/invoices/:invoice_id/write-off", a.writeOffAdvance},
		{http.MethodGet, "/settings/invoice-notice", a.getInvoiceNotice},
		{http.MethodPut, "/settings/invoice-notice", a.putInvoiceNotice},
		{http.MethodGet, "/public/members", a.lookupPublicMembers},
		{http.MethodGet, "/public/articles", a.listPublicArticles},
		{http.MethodGet, "/public/articles/:article_id", a.getPublicArticle},
		{http.MethodPost, "/articles", a.saveArticle},
		{http.MethodPut, "/articles/:article_id", a.saveArticle},
		{http.MethodPost, "/articles/:article_id/status", a.changeArticleStatus},
		{http.MethodGet, "/settings/site", a.getSiteSettings},
		{http.MethodPut, "/settings/site", a.putSiteSettings},
		// 文字替换 (the admin's wording, site_texts.go).
		{http.MethodGet, "/settings/site/texts", a.getSiteTexts},
		{http.MethodPut, "/settings/site/texts", a.putSiteTexts},
		// The registry's staff changes (issue 10, items 3–5).
		{http.MethodPatch, "/members/:member_id", a.editMember},
		{http.MethodPost, "/members/:member_id/level", a.changeMemberLevel},
		{http.MethodPost, "/members/:member_id/suspend", a.suspendMember},
		{http.MethodPost, "/members/:member_id/reinstate", a.reinstateMember},
		{http.MethodPost, "/members/:member_id/withdraw", a.withdrawMember},
		{http.MethodPost, "/member-entries", a.createMember},

		// Staff accounts (工作人员管理, admin).
		{http.MethodGet, "/staff-accounts", a.listStaffAccounts},
		{http.MethodPost, "/staff-accounts", a.createStaffAccount},
		{http.MethodGet, "/staff-accounts/:staff_id", a.getStaffAccount},
		{http.MethodPut, "/staff-accounts/:staff_id/role", a.putStaffRole},
		{http.MethodPost, "/staff-accounts/:staff_id/disable", a.disableStaffAccount},
		{http.MethodPost, "/staff-accounts/:staff_id/enable", a.enableStaffAccount},
		{http.MethodPut, "/staff-accounts/:staff_id/password", a.putStaffPassword},

		// Help with a member's account (账号协助, reviewer and admin).
		{http.MethodGet, "/members/:member_id/account-help", a.getMemberAccountHelp},
		{http.MethodPost, "/members/:member_id/account-help/reset-link", a.sendMemberResetLink},
		{http.MethodPost, "/members/:member_id/account-help/unlock", a.unlockMemberLogin},
		{http.MethodPost, "/members/:member_id/account-help/verification-mail", a.resendMemberMail},
		{http.MethodPost, "/members/:member_id/account-help/email", a.changeMemberEmail},
		{http.MethodPost, "/email-changes/confirm", a.confirmEmailChange},
		// The audit log (操作日志).
		{http.MethodGet, "/audit", a.listAudit},
		{http.MethodGet, "/reports", a.getReports},
		// 导入老会员 (issue 11, admin).
		{http.MethodPost, "/imports/preview", a.previewImport},
		{http.MethodPost, "/imports", a.commitImport},
		{http.MethodGet, "/imports", a.listImports},
		{http.MethodGet, "/imports/:batch_id", a.getImport},
		{http.MethodGet, "/imports/:batch_id/members", a.listImportMembers},
		{http.MethodPost, "/imports/:batch_id/undo", a.undoImport},
	}
}

// Register mounts the endpoints on g, which must be the /api/v1 group. The caller
// applies the shared middleware (httpmw.Chain) on the router.
func (a *API) Register(g *bunrouter.Group) {
	for _, r := range a.routes() {
		g.Handle(r.method, r.path, a.wrap(r.handle))
	}
}

// NotFound answers a request for an unknown path under /api/v1 with a JSON 404.
// The host may install it on its router (bunrouter.WithNotFoundHandler) for paths
// under /api/.
func (a *API) NotFound(w http.ResponseWriter, req bunrouter.Request) error {
	return a.wrap(func(http.ResponseWriter, bunrouter.Request) error {
		return errNoRoute
	})(w, req)
}

// wrap sets the headers every response carries and writes the error response of
// a failed endpoint. It never returns an error to the router: the response is
// complete when it returns.
func (a *API) wrap(h handlerFunc) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		// The answer's language (locale.go): said in Content-Language, and
		// carried by the context to what the core produces (PDFs).
		locale := a.locale(req.Request)
		w.Header().Set("Content-Language", locale)
		w.Header().Add("Vary", "Accept-Language")
		req = req.WithContext(i18n.WithLocale(req.Context(), locale))
		if err := h(w, req); err != nil {
			a.writeError(w, req.Request, err)
		}
		return nil
	}
}
