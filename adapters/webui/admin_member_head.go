package webui

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/app/query"
)

// The member detail's content is written in Go (this file and
// admin_member_sections.go) rather than by its template: html/template walks
// every value through reflection and its escapers, and the page is the
// registry's busiest. The markup is what admin_member.html wrote before
// (admin_member_render_test.go executes that template beside it and compares),
// escaped as html/template escapes text, quoted attributes and URLs. The staff
// forms and the 账号协助 card stay in their templates.

// detailWriter writes the member detail's parts.
type detailWriter struct{ partWriter }

// href writes a URL into a quoted href as html/template does: a URL with a
// scheme other than http, https or mailto becomes #ZgotmplZ, the rest is
// normalized (percent-encoding what a URL may not hold) and escaped.
func (w *detailWriter) href(u string) {
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		switch strings.ToLower(u[:i]) {
		case "http", "https", "mailto":
		default:
			w.raw("#ZgotmplZ")
			return
		}
	}
	w.text(normalizeURL(u))
}

// normalizeURL percent-encodes the bytes of u that html/template's URL
// normalizer encodes (all but RFC 3986's unreserved and reserved characters
// and valid escapes).
func normalizeURL(u string) string {
	const hexDigits = "0123456789abcdef"
	var b strings.Builder
	written := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(u) && isHexByte(u[i+1]) && isHexByte(u[i+2]):
			continue
		}
		if written == 0 {
			b.Grow(len(u) + 16)
		}
		b.WriteString(u[written:i])
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
		written = i + 1
	}
	if written == 0 {
		return u
	}
	b.WriteString(u[written:])
	return b.String()
}

// isHexByte reports whether c is a hexadecimal digit.
func isHexByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// tag writes a status label in its tone's colour.
func (w *detailWriter) tag(label string) {
	w.raw(`<span class="tag tag--`)
	w.text(statusTone(label))
	w.raw(`">`)
	w.text(label)
	w.raw(`</span>`)
}

// datetime writes t in the association's zone to the second (the templates'
// datetime).
func (w *detailWriter) datetime(t time.Time) {
	w.text(t.In(w.loc).Format("2006-01-02 15:04:05"))
}

// orMuted writes s, or the muted placeholder when s is empty.
func (w *detailWriter) orMuted(s, placeholder string) {
	if s == "" {
		w.raw(`<span class="muted">` + placeholder + `</span>`)
		return
	}
	w.text(s)
}

// empty writes the "empty" partial: a list's empty state.
func (w *detailWriter) empty(msg string) {
	w.raw(`<p class="empty" role="status">`)
	w.text(msg)
	w.raw(`</p>`)
}

// int writes a number.
func (w *detailWriter) int(n int) { w.raw(strconv.Itoa(n)) }

// memberDetailHead writes the page's head: the way back and the account card
// (everything before the alerts and the staff forms).
func memberDetailHead(v *memberDetailView, loc *time.Location) template.HTML {
	w := &detailWriter{partWriter{loc: loc}}
	w.b.Grow(4096)
	a := v.Detail.Account
	w.raw("\n    <p class=\"breadcrumb\"><a href=\"")
	w.href(v.BackURL)
	w.raw("\">← 返回会员管理</a></p>\n    <section class=\"card\" aria-labelledby=\"page-title\">\n      " +
		"<div class=\"card__head\"><h1 id=\"page-title\" class=\"card__title\">")
	w.text(a.Name)
	w.raw("</h1>")
	w.tag(a.StatusLabel)
	w.raw("</div>\n      <dl class=\"info-grid\">\n        <div><dt>会员号:</dt><dd class=\"mono\">")
	w.orMuted(a.Number, "审核通过后分配")
	w.raw("</dd></div>\n        <div><dt>会员类别:</dt><dd>")
	w.text(a.KindLabel)
	w.raw("</dd></div>\n        <div><dt>会员级别:</dt><dd>")
	w.text(string(a.Level))
	w.raw("</dd></div>\n        <div><dt>会员状态:</dt><dd>")
	w.tag(a.StatusLabel)
	w.raw("</dd></div>\n        <div><dt>缴费状态:</dt><dd>")
	w.text(a.FeeLabel)
	w.raw("</dd></div>\n        <div><dt>缴费识别码:</dt><dd class=\"mono\">")
	w.orMuted(a.PaymentRef, "—")
	w.raw("</dd></div>\n        <div><dt>注册名称:</dt><dd>")
	w.text(a.Name)
	w.raw("</dd></div>\n        <div><dt>注册邮箱:</dt><dd>")
	w.text(a.Email)
	if a.EmailVerifiedAt.IsZero() {
		w.raw(" ")
		w.tag("未验证")
	} else {
		w.raw(` <span class="muted">（`)
		w.datetime(a.EmailVerifiedAt)
		w.raw(` 已验证）</span>`)
	}
	w.accountDates(a)
	return w.html()
}

// accountDates writes the account card's dates and what follows them.
func (w *detailWriter) accountDates(a query.MemberAccount) {
	w.raw("</dd></div>\n        <div><dt>注册时间:</dt><dd>")
	w.datetime(a.RegisteredAt)
	w.raw("</dd></div>\n        <div><dt>入会时间:</dt><dd>")
	if a.JoinedAt.IsZero() {
		w.raw(`<span class="muted">尚未入会</span>`)
	} else {
		w.datetime(a.JoinedAt)
	}
	w.raw("</dd></div>\n        <div><dt>有效期:</dt><dd>")
	if a.ValidUntil.IsZero() {
		w.raw(`<span class="muted">秘书处审批后生效</span>`)
	} else {
		w.text(calendarDay(a.ValidFrom))
		w.raw(" 至 ")
		w.text(calendarDay(a.ValidUntil))
	}
	w.raw("</dd></div>\n        <div><dt>审批文号:</dt><dd>")
	w.orMuted(a.ApprovalDocNo, "—")
	w.raw("</dd></div>\n        ")
	if a.RejectReason != "" {
		w.raw(`<div class="info-grid__wide"><dt>最近退回原因:</dt><dd>`)
		w.text(a.RejectReason)
		w.raw(`</dd></div>`)
	}
	w.raw("\n        <div><dt>最近更新:</dt><dd>")
	w.datetime(a.UpdatedAt)
	w.raw("</dd></div>\n        ")
	if a.MustChangePassword {
		w.raw(`<div><dt>密码:</dt><dd>须在下次登录时修改</dd></div>`)
	}
	w.raw("\n      </dl>\n    </section>\n    ")
}
