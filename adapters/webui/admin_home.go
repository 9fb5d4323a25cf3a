package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/staff"
)

// adminHomeView is the data of 后台首页: the work queues of the staff member's
// role with their counts, the headline figures (for those who read the
// reports) and the account card.
type adminHomeView struct {
	Staff   *staff.Staff
	Queues  []queueCard
	Figures query.HomeFiguresView
}

// queueCard is one work queue on the back office's home.
type queueCard struct {
	Title   string // 入会审核, as the menu names the queue
	Waiting string // what is counted: 待审核
	Count   int
	Href    string // the queue's page, on the tab of what waits
	Action  string // the link's text
}

// queueCards describes each work queue on the home page, in menu order.
var queueCards = map[query.WorkQueue]queueCard{
	query.QueueReview: {Title: "入会审核", Waiting: "待审核的入会申请",
		Href: adminAppsPath + "?status=submitted", Action: "进入入会审核"},
	query.QueuePayments: {Title: "缴费确认", Waiting: "待确认的缴费申请与缴费凭证",
		Href: adminPaymentsPath + "?status=open", Action: "进入缴费确认"},
	query.QueueStatements: {Title: "银行对账", Waiting: "待处理的银行流水",
		Href: adminStatementsPath, Action: "进入银行对账"},
	query.QueueSecretariat: {Title: "秘书处审批", Waiting: "会费已到账、待审批的会员",
		Href: adminMembershipsPath, Action: "进入秘书处审批"},
	query.QueueMail: {Title: "邮件发送失败", Waiting: "被邮件服务器拒收、不再重试的邮件",
		Href: adminMailFailedPath, Action: "查看发送失败的邮件"},
	query.QueueInfoChanges: {Title: "信息变更审核", Waiting: "会员提交、待审核的信息变更申请",
		Href: adminInfoChangesPath + "?status=pending", Action: "进入信息变更审核"},
	query.QueueCouncil: {Title: "理事资料", Waiting: "理事单位已提交、待确认的登记表",
		Href: adminCouncilPath + "?status=submitted", Action: "进入理事资料"},
	query.QueueSubmissions: {Title: "投稿审核", Waiting: "企业会员提交、待审核的投稿",
		Href: adminSubmissionsPath + "?status=pending", Action: "进入投稿审核"},
}

// adminHome is the back office's home: the work queues the staff member's role
// may work on (reviewers: 入会审核; finance: 缴费确认 and 银行对账; the
// secretariat: 秘书处审批; the admin: all), each with its count and a link to
// it; the headline figures for those who read the reports (valid members by
// kind, this year's income, renewals due); then the account card.
func (u *UI) adminHome(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	q, err := u.workQueues(sc)
	if err != nil {
		return u.showError(w, req, err)
	}
	figures, err := u.app.Queries.HomeFigures.Handle(req.Context(), query.HomeFigures{Principal: sc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := adminHomeView{Staff: sc.Staff, Figures: figures}
	for _, c := range q.Queues {
		card, ok := queueCards[c.Queue]
		if !ok {
			continue
		}
		card.Count = c.Count
		v.Queues = append(v.Queues, card)
	}
	cards, err := u.invoiceCards(req, sc)
	if err != nil {
		return u.showError(w, req, err)
	}
	v.Queues = append(v.Queues, cards...)
	money, err := u.refundCards(req, sc) // the money cases: 退款待办, 部分到账
	if err != nil {
		return u.showError(w, req, err)
	}
	v.Queues = append(v.Queues, money...)
	p := u.newPage(w, req, "")
	p.Portal = u.staffPortal(sc, "home")
	p.Data = v
	u.render(w, req, http.StatusOK, "admin_home.html", p)
	return nil
}

// invoiceCards are 发票管理's work for staff who may see it: the requests
// waiting for an invoice and the advances past their expected payment day.
func (u *UI) invoiceCards(req bunrouter.Request, sc *staffCtx) ([]queueCard, error) {
	p := sc.Session.Principal
	if ok, _ := u.app.Can(p, access.ListInvoices); !ok {
		return nil, nil
	}
	q, err := u.app.Queries.InvoiceQueue.Handle(req.Context(), query.InvoiceQueue{Principal: p, PageSize: 1})
	if err != nil {
		return nil, err
	}
	return []queueCard{
		{Title: "发票管理", Waiting: "待开票的开票申请与借发票", Count: q.Counts.Pending,
			Href: adminInvoicesPath + "?tab=pending", Action: "进入发票管理"},
		{Title: "借票逾期未回款", Waiting: "已过预计缴费日期仍未回款的借发票", Count: q.Counts.AdvanceOverdue,
			Href: adminInvoicesPath + "?tab=overdue", Action: "查看逾期借发票"},
	}, nil
}
