package webui

import "github.com/uptrace/bunrouter"

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
	r.GET("/members/search", u.membersSearch)

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
	r.POST("/member/password", u.protect(u.memberOnly(u.memberPasswordSubmit)))

	// Back office.
	r.GET("/admin/login", u.adminLoginShow)
	r.POST("/admin/login", u.protect(u.adminLoginSubmit))
	r.POST("/admin/logout", u.protect(u.adminLogoutSubmit))
	r.GET("/admin", u.staffOnly(u.adminHome))
	r.GET("/admin/password", u.staffOnly(u.adminPasswordShow))
	r.POST("/admin/password", u.protect(u.staffOnly(u.adminPasswordSubmit)))

	// The slider check's JSON endpoints.
	r.POST("/captcha/new", u.protectJSON(u.captchaNew))
	r.POST("/captcha/verify", u.protectJSON(u.captchaVerify))
}
