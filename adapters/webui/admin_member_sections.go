package webui

import (
	"html/template"
	"time"

	"github.com/openassoc/membership/core/domain/payment"
)

// memberDetailBody writes the page's cards after the alerts: the staff forms
// (with the failed form f's values and messages; csrf is the page's token),
// the 账号协助 card, the application, files, payments, invoices, contacts, the
// portal's card, council forms and submissions, notifications and timeline.
func memberDetailBody(v *memberDetailView, f *form, csrf string, loc *time.Location) template.HTML {
	w := &detailWriter{partWriter{loc: loc}}
	w.b.Grow(16384 + 512*(len(v.Payments)+len(v.Invoices)+len(v.Contacts)) + 320*len(v.Detail.Timeline))
	w.raw("\n    ")
	w.staffForms(&v.Staff, f, csrf)
	w.raw("\n    ")
	if v.Help != nil {
		w.accountHelp(v.Help)
	}
	w.application(v)
	w.files(v)
	w.payments(v)
	w.invoices(v)
	w.contacts(v)
	w.portal(&v.Portal)
	d := &v.Detail
	w.raw("\n    <section class=\"card\" aria-labelledby=\"notes-title\">\n      " +
		"<h2 id=\"notes-title\" class=\"card__title\">发送的通知（共 ")
	w.int(d.Notifications.Total)
	w.raw(" 条）</h2>\n      ")
	if len(d.Notifications.Items) > 0 {
		w.raw("<ul class=\"notes\">\n          ")
		w.raw(string(notificationItems(d.Notifications.Items, loc)))
		w.raw("\n        </ul>")
	} else {
		w.empty("暂无通知。")
	}
	w.raw("\n    </section>\n    <section class=\"card\" aria-labelledby=\"timeline-title\">\n      " +
		"<h2 id=\"timeline-title\" class=\"card__title\">会员动态</h2>\n      ")
	if len(d.Timeline) > 0 {
		w.raw("<ol class=\"timeline\">\n        ")
		w.raw(string(timelineItems(d.Timeline, loc)))
		w.raw("\n      </ol>\n      <p class=\"muted\">工作人员的操作人取自操作日志；启用操作日志之前的操作显示“未记录”。" +
			"<a href=\"/admin/audit?member=")
		w.text(template.URLQueryEscaper(d.Account.ID))
		w.raw("\">在操作日志中查看该会员的记录</a></p>")
	} else {
		w.empty("暂无动态记录。")
	}
	w.raw("\n    </section>\n")
	return w.html()
}

// application writes the 入会申请表 card.
func (w *detailWriter) application(v *memberDetailView) {
	d := &v.Detail
	w.raw("\n    <section class=\"card\" aria-labelledby=\"form-title\">\n      " +
		"<h2 id=\"form-title\" class=\"card__title\">入会申请表</h2>\n      ")
	if !d.HasForm {
		w.empty("该会员尚未填写入会申请表。")
		w.raw("\n    </section>")
		return
	}
	w.raw("<dl class=\"info-grid\">\n        <div><dt>保存时间:</dt><dd>")
	w.datetime(d.Application.SavedAt)
	w.raw("</dd></div>\n        <div><dt>提交时间:</dt><dd>")
	if d.Application.SubmittedAt.IsZero() {
		w.raw(`<span class="muted">未提交</span>`)
	} else {
		w.datetime(d.Application.SubmittedAt)
	}
	w.raw("</dd></div>\n        ")
	if d.Application.NeedsScan {
		if d.Application.ConfirmedStamped {
			w.raw("<div><dt>盖章确认:</dt><dd>已勾选「我已打印盖章并上传《入会申请表》」</dd></div>")
		} else {
			w.raw("<div><dt>盖章确认:</dt><dd>未勾选</dd></div>")
		}
	}
	w.raw("\n      </dl>\n      ")
	w.raw(string(formSections(d.Document.Sections)))
	w.raw("\n    </section>")
}

// files writes the 文件 card: the stamped scan, the form's PDF, the vouchers.
func (w *detailWriter) files(v *memberDetailView) {
	d := &v.Detail
	w.raw("\n    <section class=\"card\" aria-labelledby=\"files-title\">\n      " +
		"<h2 id=\"files-title\" class=\"card__title\">文件</h2>\n      <ul class=\"file-list\">\n        ")
	if d.Application.NeedsScan {
		w.raw("<li>盖章申请表扫描件：")
		if s := d.Application.Scan; s == nil {
			w.raw(`<span class="muted">尚未上传</span>`)
		} else {
			if v.ScanURL != "" {
				w.raw(`<a href="`)
				w.href(v.ScanURL)
				w.raw(`" target="_blank" rel="noopener">`)
				w.text(s.FileName)
				w.raw(`</a>`)
			} else {
				w.text(s.FileName)
				w.raw(` <span class="muted">（入会审核人员可查看）</span>`)
			}
			w.raw(" · 上传于 ")
			w.datetime(s.UploadedAt)
		}
		w.raw("</li>")
	}
	w.raw("\n        ")
	if d.HasForm {
		w.raw("<li>入会申请表 PDF：")
		if v.PDFURL != "" {
			w.raw(`<a href="`)
			w.href(v.PDFURL)
			w.raw(`" download>下载</a>`)
		} else {
			w.raw(`<span class="muted">入会审核人员可下载</span>`)
		}
		w.raw("</li>")
	}
	w.raw("\n        ")
	for i := range v.Payments {
		if p := &v.Payments[i]; p.HasVoucher {
			w.raw("<li>缴费凭证（")
			w.text(p.PurposeLabel)
			w.raw("，")
			w.text(p.Created)
			w.raw("）：")
			if p.Voucher != "" {
				w.raw(`<a href="`)
				w.href(p.Voucher)
				w.raw(`" target="_blank" rel="noopener">`)
				w.text(p.VoucherName)
				w.raw(`</a>`)
			} else {
				w.text(p.VoucherName)
				w.raw(` <span class="muted">（财务人员可查看）</span>`)
			}
			w.raw("</li>")
		}
	}
	w.raw("\n      </ul>\n    </section>")
}

// payments writes the 缴费记录 card.
func (w *detailWriter) payments(v *memberDetailView) {
	w.raw("\n    <section class=\"card\" aria-labelledby=\"payments-title\">\n      " +
		"<h2 id=\"payments-title\" class=\"card__title\">缴费记录</h2>\n      ")
	if v.Money.BalanceFen != 0 {
		w.raw(`<p class="alert alert--warning" id="member-balance">部分缴费：尚欠 <strong>`)
		w.text(payment.Yuan(v.Money.BalanceFen))
		w.raw(`</strong>，余额缴清后才完成缴费。</p>`)
	}
	w.raw("\n      ")
	if v.Money.RefundFen != 0 {
		w.raw(`<p class="alert alert--warning" id="member-refund">退款待办：<strong>`)
		w.text(payment.Yuan(v.Money.RefundFen))
		w.raw(`</strong> 多收或重复缴纳的款项待退回`)
		if len(v.Payments) > 0 {
			w.raw("（见下表「说明」）")
		}
		w.raw(`。</p>`)
	}
	w.raw("\n      ")
	if len(v.Payments) == 0 {
		w.empty("暂无缴费记录。")
		w.raw("\n    </section>")
		return
	}
	w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n        <table class=\"table\">\n          <thead><tr>" +
		"<th scope=\"col\">提交时间</th><th scope=\"col\">项目</th><th scope=\"col\">方式</th><th scope=\"col\">金额</th>" +
		"<th scope=\"col\">状态</th><th scope=\"col\">到账</th><th scope=\"col\">说明</th></tr></thead>\n          <tbody>\n          ")
	for i := range v.Payments {
		w.paymentRow(&v.Payments[i])
	}
	w.raw("\n          </tbody>\n        </table>\n      </div>\n    </section>")
}

// paymentRow writes one row of the 缴费记录 table.
func (w *detailWriter) paymentRow(p *paymentRow) {
	w.raw(`<tr><td class="nowrap">`)
	if p.Href != "" {
		w.raw(`<a href="`)
		w.href(p.Href)
		w.raw(`">`)
		w.text(p.Created)
		w.raw(`</a>`)
	} else {
		w.text(p.Created)
	}
	w.raw(`</td><td>`)
	w.text(p.PurposeLabel)
	w.raw(`</td><td>`)
	w.text(p.MethodLabel)
	if p.Sandbox {
		w.raw(` <span class="tag tag--sandbox">沙箱支付（未实际收款）</span>`)
	}
	w.raw(`</td><td class="nowrap">`)
	w.text(p.AmountText)
	w.raw(`</td><td>`)
	w.tag(p.StatusLabel)
	if p.RefundLabel != "" {
		w.raw(" ")
		w.tag(p.RefundLabel)
	}
	w.raw(`</td><td class="nowrap">`)
	if p.PaidText != "" {
		w.text(p.PaidText)
		w.raw(" · ")
	}
	w.text(p.PaidOn)
	w.raw(`</td><td>`)
	w.text(p.Reason)
	w.raw("</td></tr>\n          ")
}
