package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// joinSteps are the four steps of the join flow (入会流程).
var joinSteps = [4]string{"注册账号", "填写入会申请表", "打印盖章并上传", "缴费并等待审核"}

// stepView is one step of the progress bar.
type stepView struct {
	N       int
	Label   string
	Done    bool
	Current bool
}

// memberHomeView is the data of 会员首页.
type memberHomeView struct {
	Dash              query.MemberDashboard
	Steps             []stepView // nil once a member
	NumberText        string
	PaymentText       string
	SecretariatNotice string
}

// memberHome is 会员首页: the join progress, the 会员信息 card, 活动通告 and 通知提醒.
func (u *UI) memberHome(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	d := mc.Dash
	v := memberHomeView{Dash: d, NumberText: d.Number, PaymentText: paymentText(d.Status)}
	if v.NumberText == "" {
		v.NumberText = "审核通过后分配"
	}
	if d.Step > 0 {
		v.Steps = make([]stepView, len(joinSteps))
		for i, label := range joinSteps {
			n := i + 1
			v.Steps[i] = stepView{N: n, Label: label, Done: n < d.Step, Current: n == d.Step}
		}
	}
	if d.AwaitingSecretariat {
		who := "该企业"
		if d.Kind == member.Individual {
			who = "该会员"
		}
		v.SecretariatNotice = "(" + who + "还未通过" + u.site.Name + "秘书处审批, 最终会员信息以红头文件为准。)"
	}
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
