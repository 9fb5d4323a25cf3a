package webui

// The member detail's tables of invoices and contacts and its portal cards
// (the card, council forms, submissions), written in Go (see
// admin_member_head.go).

// invoices writes the 发票与借发票 card (staff who may see invoices).
func (w *detailWriter) invoices(v *memberDetailView) {
	w.raw("\n    ")
	if !v.ShowInvoices {
		return
	}
	w.raw("<section class=\"card\" aria-labelledby=\"invoices-title\">\n      " +
		"<h2 id=\"invoices-title\" class=\"card__title\">发票与借发票</h2>\n      ")
	if len(v.Invoices) == 0 {
		w.empty("该会员还没有开票申请或借发票。")
		w.raw("\n    </section>")
		return
	}
	w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n        <table class=\"table\" id=\"member-invoices\">\n          " +
		"<thead><tr><th scope=\"col\">申请时间</th><th scope=\"col\">发票抬头</th><th scope=\"col\">金额</th>" +
		"<th scope=\"col\">状态</th><th scope=\"col\">发票号码</th></tr></thead>\n          <tbody>\n          ")
	for i := range v.Invoices {
		r := &v.Invoices[i]
		w.raw(`<tr><td class="nowrap"><a href="`)
		w.href(r.Href)
		w.raw(`">`)
		w.text(r.Created)
		w.raw(`</a></td><td>`)
		w.text(r.Title)
		if r.Advance {
			w.raw(` <span class="tag">借发票</span>`)
		}
		w.raw(`</td><td class="nowrap">`)
		w.text(r.Amount)
		w.raw("</td>\n            <td>")
		w.tag(r.StateLabel)
		if r.Advance {
			w.raw(` <span class="muted">`)
			w.text(r.AdvanceLabel)
			w.raw(`</span>`)
			if r.Overdue {
				w.raw(` <span class="tag tag--overdue">已逾期</span>`)
			}
		}
		w.raw(`</td><td class="mono">`)
		w.text(r.Number)
		w.raw("</td></tr>\n          ")
	}
	w.raw("\n          </tbody>\n        </table>\n      </div>\n    </section>")
}

// contacts writes the 联系人 card (enterprises).
func (w *detailWriter) contacts(v *memberDetailView) {
	w.raw("\n    ")
	if !v.ShowContacts {
		return
	}
	w.raw("<section class=\"card\" aria-labelledby=\"contacts-title\">\n      " +
		"<h2 id=\"contacts-title\" class=\"card__title\">联系人</h2>\n      ")
	if len(v.Contacts) == 0 {
		w.empty("该单位还没有联系人（会员在「联系人管理」中添加）。")
		w.raw("\n    </section>")
		return
	}
	w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n        <table class=\"table\" id=\"member-contacts\">\n          " +
		"<thead><tr><th scope=\"col\">部门</th><th scope=\"col\">角色</th><th scope=\"col\">姓名</th>" +
		"<th scope=\"col\">职务</th><th scope=\"col\">电话</th><th scope=\"col\">Email</th><th scope=\"col\">手机</th>" +
		"</tr></thead>\n          <tbody>\n          ")
	for i := range v.Contacts {
		c := &v.Contacts[i]
		w.raw(`<tr><td>`)
		w.text(c.Dept)
		w.raw(`</td><td>`)
		if c.First {
			w.raw(`<span class="tag">`)
			w.text(c.RoleLabel)
			w.raw(`</span>`)
		} else {
			w.text(c.RoleLabel)
		}
		for _, cell := range [...]struct{ open, s string }{{`</td><td>`, c.Name}, {`</td><td>`, c.Title},
			{`</td><td class="nowrap">`, c.Phone}, {`</td><td>`, c.Email}, {`</td><td class="nowrap">`, c.Mobile}} {
			w.raw(cell.open)
			w.text(cell.s)
		}
		w.raw("</td></tr>\n          ")
	}
	w.raw("\n          </tbody>\n        </table>\n      </div>\n    </section>")
}

// portal writes the member's card, council forms and submissions.
func (w *detailWriter) portal(p *memberPortalView) {
	w.raw("\n    ")
	if c := p.Card; c != nil {
		w.raw("<section class=\"card\" aria-labelledby=\"card-title\">\n      <h2 id=\"card-title\" class=\"card__title\">")
		if c.Certificate {
			w.raw("会员证书")
		} else {
			w.raw("会员卡")
		}
		w.raw("</h2>\n      <dl class=\"info-grid\" id=\"member-card\">\n        <div><dt>状态:</dt><dd>")
		w.tag(c.StatusLabel)
		w.raw("</dd></div>\n        <div><dt>验证链接:</dt><dd>第 ")
		w.int(c.Version)
		w.raw(` 版（会员重新生成后旧链接失效） <a href="`)
		w.href(c.VerifyPath)
		w.raw("\" target=\"_blank\" rel=\"noopener\">打开验证页面</a></dd></div>\n      </dl>\n    </section>")
	}
	w.raw("\n    ")
	if len(p.Council) > 0 {
		w.raw("<section class=\"card\" aria-labelledby=\"council-title\">\n      " +
			"<h2 id=\"council-title\" class=\"card__title\">理事资料</h2>\n      <div class=\"table-wrap\" tabindex=\"0\">\n        " +
			"<table class=\"table\" id=\"member-council\">\n          <thead><tr><th scope=\"col\">登记表</th>" +
			"<th scope=\"col\">状态</th><th scope=\"col\">提交时间</th><th scope=\"col\">操作</th></tr></thead>\n          " +
			"<tbody>\n          ")
		for i := range p.Council {
			w.portalRow(&p.Council[i], true)
		}
		w.raw("\n          </tbody>\n        </table>\n      </div>\n    </section>")
	}
	w.raw("\n    ")
	if len(p.Submissions) > 0 {
		w.raw("<section class=\"card\" aria-labelledby=\"submissions-title\">\n      " +
			"<h2 id=\"submissions-title\" class=\"card__title\">企业投稿（共 ")
		w.int(p.SubmissionsTotal)
		w.raw(" 篇）</h2>\n      <div class=\"table-wrap\" tabindex=\"0\">\n        " +
			"<table class=\"table\" id=\"member-submissions\">\n          <thead><tr><th scope=\"col\">标题</th>" +
			"<th scope=\"col\">投稿日期</th><th scope=\"col\">状态</th><th scope=\"col\">操作</th></tr></thead>\n          " +
			"<tbody>\n          ")
		for i := range p.Submissions {
			w.portalRow(&p.Submissions[i], false)
		}
		w.raw("\n          </tbody>\n        </table>\n      </div>\n      ")
		if p.SubmissionsTotal > len(p.Submissions) {
			w.raw(`<p class="muted">仅显示最近 `)
			w.int(len(p.Submissions))
			w.raw(` 篇。</p>`)
		}
		w.raw("\n    </section>")
	}
}

// portalRow writes a row of the council forms' table (council) or of the
// submissions' table.
func (w *detailWriter) portalRow(l *memberPortalLink, council bool) {
	date := func() {
		if !l.Date.IsZero() || !council {
			w.text(l.Date.In(w.loc).Format("2006-01-02"))
		} else {
			w.raw("未提交")
		}
	}
	if council {
		w.raw(`<tr><td>《`)
		w.text(l.Title)
		w.raw(`》</td><td>`)
	} else {
		w.raw(`<tr><td>`)
		w.text(l.Title)
		w.raw(`</td><td class="nowrap">`)
		date()
		w.raw(`</td><td>`)
	}
	w.tag(l.StatusLabel)
	if l.Reason != "" {
		w.raw(`<span class="muted small">（`)
		w.text(l.Reason)
		w.raw(`）</span>`)
	}
	if council {
		w.raw(`</td><td class="nowrap">`)
		date()
		w.raw(`</td><td><a href="`)
	} else {
		w.raw(`</td><td><a href="`)
	}
	w.href(l.Href)
	if council {
		w.raw(`">查看<span class="visually-hidden">《`)
	} else {
		w.raw(`">审阅<span class="visually-hidden">《`)
	}
	w.text(l.Title)
	w.raw("》</span></a></td></tr>\n          ")
}
