// Package webui is the server-rendered web application of the membership system:
// the public pages, member login and registration, the member portal and the
// back-office login, in Simplified Chinese with the strings of the member manual.
//
// The fee pages (缴纳会费 with 「申请查看缴费状态」, 支付宝付款 and the 缴费凭证 upload,
// the gateway's return page, 我的会员卡) and the back office's 缴费确认, 银行对账,
// 秘书处审批 and 会费设置 are here too. The one route without a session or a CSRF
// token is the payment gateway's notification (PaymentNotifyPath): the core
// checks its signature, and it answers exactly "success" only once the payment is
// recorded. When Config.PaymentSandbox is set, the embedded sandbox gateway is
// mounted at PaymentSandboxPath.
//
// Templates and static files are embedded and parsed once at start-up; static files
// are served under checksummed, immutable URLs. Every state-changing request is
// guarded against cross-site request forgery twice: a token bound to the login
// session (a visitor's: a double-submit cookie) and net/http's cross-origin
// protection. Upload forms check the session and role before their body is
// read. Over HTTPS the session cookie carries the __Host- prefix. Errors of the core are mapped to HTTP status
// codes and pages in exactly one place (errors.go).
//
// The UI must be mounted at the root of a bunrouter router: build the router with
// [UI.RouterOptions] (custom 404/405 pages) after the shared middleware
// (httpmw.Chain), then call [UI.Register].
package webui
