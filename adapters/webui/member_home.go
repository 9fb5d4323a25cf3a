package webui

import (
	"fmt"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/content"
	"github.com/openassoc/membership/core/domain/member"
)

// memberHomeView is the data of 会员首页.
type memberHomeView struct {
	Dash              query.MemberDashboard
	Steps             []stepView // nil once a member
	NumberText        string
	PaymentText       string
	SecretariatNotice string
	Next              *nextStep // what to do next in the join flow
	// RejectReason is shown while a returned application is being corrected (the
	// dashboard keeps the last reason after resubmission too).
	RejectReason string
	// CardPath is 我的会员卡 (individuals) or 会员证书 (enterprises) of a member
	// with a validity, else "".
	CardPath string
	// Events are the latest 活动通告 the member may read.
	Events []content.Article
	// Restricted tells a suspended or withdrawn member its status and reason.
	Restricted string
	// WithdrawPath offers 申请退会 when the member's status allows it.
	WithdrawPath string
	// Contact and ContactPhone are an enterprise's 会员联系人 and 联系电话: its
	// 第一联系人 (联系人管理).
	Contact, ContactPhone string
	// CouncilTips are the 小提示's forms a council member has still to
	// complete (完善理事资料).
	CouncilTips []query.CouncilCard
}

// memberHome is 会员首页: the join progress, the 会员信息 card, 活动通告 and 通知提醒.
func (u *UI) memberHome(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	d := mc.Dash
	v := memberHomeView{Dash: d, NumberText: d.Number, PaymentText: paymentText(d.Status)}
	if d.OwingFen > 0 { // a partial payment: 部分缴费（已缴¥4000，尚欠¥1000）
		v.PaymentText = d.PaymentStatus
	}
	if v.NumberText == "" {
		v.NumberText = "审核通过后分配"
	}
	if d.Step > 0 {
		v.Steps = stepsFor(d.Kind, d.Step)
	}
	v.Next = u.nextStepOf(d)
	if d.Status == member.StatusRejected || d.Status == member.StatusDraft {
		v.RejectReason = d.RejectReason
	}
	if d.AwaitingSecretariat {
		notice := "(该企业还未通过%s秘书处审批, 最终会员信息以红头文件为准。)"
		if d.Kind == member.Individual {
			notice = "(该会员还未通过%s秘书处审批, 最终会员信息以红头文件为准。)"
		}
		v.SecretariatNotice = fmt.Sprintf(notice, u.site.Name)
	}
	v.Restricted = restrictedText(d.Status, d.StatusReason)
	if canWithdraw(d.Status) {
		v.WithdrawPath = withdrawPath
	}
	if d.Number != "" && !d.ValidUntil.IsZero() && !d.Status.Restricted() {
		v.CardPath = cardPath // 我的会员卡, or an enterprise's 会员证书
	}
	if d.Kind == member.Enterprise {
		cv, err := u.app.Queries.ContactList.Handle(req.Context(), query.ContactList{Principal: mc.Session.Principal})
		if err != nil {
			return u.showError(w, req, err)
		}
		if c, ok := cv.First(); ok {
			v.Contact, v.ContactPhone = c.Name, c.PhoneOf()
		}
	}
	events, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: mc.Session.Principal,
		Column: content.Events, PageSize: homeLatest})
	if err != nil {
		return u.showError(w, req, err)
	}
	v.Events = events.Items
	v.CouncilTips = u.councilTips(req, mc)
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "home")
	p.Data = v
	u.render(w, req, http.StatusOK, "member_home.html", p)
	return nil
}

// paymentText is the 缴费状态 line of the 会员信息 card.
func paymentText(s member.Status) string {
	switch s {
	case member.StatusPaymentClaimed:
		return "缴费确认中"
	case member.StatusPaid, member.StatusAwaitingSecretariat, member.StatusActive, member.StatusExpiring:
		return "正常缴费"
	case member.StatusLapsed:
		return "待续费"
	}
	return "未缴费"
}
