package webui

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// Paths of the member's application pages (入会申请).
const (
	appPath       = "/member/application"
	appFormPath   = appPath + "/form"
	appUploadPath = appPath + "/upload"
	appScanPath   = appPath + "/scan"
	appPDFPath    = appPath + "/pdf"
	appSubmitPath = appPath + "/submit"
	notesPath     = "/member/notifications"
	adminAppsPath = "/admin/applications"
)

// The join flow's step numbers (member.JoinStep).
const (
	stepRegister = 1
	stepForm     = 2
	stepUpload   = 3
	stepReview   = 4
)

// joinSteps are the four steps of the join flow (入会流程).
var joinSteps = [4]string{"注册账号", "填写入会申请表", "打印盖章并上传", "缴费并等待审核"}

// stepView is one step of the progress bar.
type stepView struct {
	N       int // the number shown
	Label   string
	Done    bool
	Current bool
	// EnterpriseOnly marks the step individuals skip (打印盖章并上传) on a page
	// that switches between the kinds in place (加入会员's tabs); Hidden hides it
	// for now.
	EnterpriseOnly bool
	Hidden         bool
}

// stepsFor returns the progress bar of a member kind with step current (1–4)
// highlighted. Individuals upload no stamped form, so their bar has three steps.
func stepsFor(kind member.Kind, current int) []stepView {
	out := make([]stepView, 0, len(joinSteps))
	for i, label := range joinSteps {
		n := i + 1
		if n == stepUpload && kind == member.Individual {
			continue
		}
		out = append(out, stepView{N: len(out) + 1, Label: label, Done: n < current, Current: n == current})
	}
	return out
}

// registerSteps is the progress bar of 加入会员 and 注册成功, step ① current. The
// registration page switches between 企业入会 and 个人入会 in place, so its bar
// keeps the upload step, hidden for individuals (the tab script shows it again
// and renumbers the steps).
func registerSteps(kind member.Kind) []stepView {
	out := stepsFor(member.Enterprise, stepRegister)
	for i := range out {
		if i+1 == stepUpload {
			out[i].EnterpriseOnly = true
			out[i].Hidden = kind == member.Individual
		}
		if i+1 > stepUpload && kind == member.Individual {
			out[i].N--
		}
	}
	return out
}

// formTitle is the heading of the member's application form:
// 「<协会名>单位会员入会申请表」 or 「<协会名>个人会员入会申请表」.
func (u *UI) formTitle(kind member.Kind) string {
	if kind == member.Individual {
		return fmt.Sprintf("%s个人会员入会申请表", u.site.Name)
	}
	return fmt.Sprintf("%s单位会员入会申请表", u.site.Name)
}

// memberApplication loads the member's own application.
func (u *UI) memberApplication(req bunrouter.Request, mc *memberCtx) (query.ApplicationView, error) {
	return u.app.Queries.MemberApplication.Handle(req.Context(), query.MemberApplication{Principal: mc.Session.Principal})
}

// formOf keeps the values of a saved (or pre-filled) form for the template.
func formOf(fields []application.Field) *form {
	f := newForm()
	for _, fl := range fields {
		f.set(fl.Name, fl.Value)
	}
	return f
}

// enterpriseFormFrom reads the posted enterprise form.
func enterpriseFormFrom(req bunrouter.Request) application.EnterpriseForm {
	v := req.PostFormValue
	return application.EnterpriseForm{
		Name: v("name"), USCC: v("uscc"), Ownership: v("ownership"), Industry: v("industry"),
		Province: v("province"), Address: v("address"), PostalCode: v("postal_code"), Employees: v("employees"),
		LegalRepName: v("legal_rep_name"), LegalRepTitle: v("legal_rep_title"),
		ContactName: v("contact_name"), ContactDept: v("contact_dept"), ContactTitle: v("contact_title"),
		ContactPhone: v("contact_phone"), ContactMobile: v("contact_mobile"), ContactEmail: v("contact_email"),
		Profile: v("profile"), FilledBy: v("filled_by"), FilledOn: v("filled_on"),
	}
}

// individualFormFrom reads the posted individual form.
func individualFormFrom(req bunrouter.Request) application.IndividualForm {
	v := req.PostFormValue
	return application.IndividualForm{
		Name: v("name"), Gender: v("gender"), BirthMonth: v("birth_month"), IDNumber: v("id_number"),
		Employer: v("employer"), Title: v("title"), Education: v("education"), Province: v("province"),
		Address: v("address"), Mobile: v("mobile"), Email: v("email"),
	}
}

// sizeText shows a file size for people: 356 KB, 2.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatInt((n+1<<9)>>10, 10) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// nextStep is the call to action of 会员首页 during the join flow.
type nextStep struct {
	Title, Text, Href, Action string
	// PayHref and PayAction are the main call to action while the fee is due
	// (缴纳会费); empty otherwise.
	PayHref, PayAction string
}

// nextStepOf tells the member what to do next; nil once nothing is to do.
func (u *UI) nextStepOf(d query.MemberDashboard) *nextStep {
	if !d.EmailVerified {
		return &nextStep{Title: "验证邮箱", Href: memberEmailPath, Action: "验证邮箱",
			Text: fmt.Sprintf("请打开发送至 %s 的验证邮件中的链接，验证邮箱后才能填写入会申请表。", d.Email)}
	}
	switch d.Status {
	case member.StatusRegistered, member.StatusDraft:
		if d.Step == stepUpload {
			return &nextStep{Title: "打印盖章并上传", Href: appUploadPath, Action: "打印盖章并上传",
				Text: "入会申请表已填写完整。请下载打印，加盖单位公章后扫描或拍照上传，再提交审核。"}
		}
		return &nextStep{Title: "填写入会申请表", Href: appFormPath, Action: "填写入会申请表",
			Text: fmt.Sprintf("请规范填写《%s》，填写过程中可随时保存草稿。", u.formTitle(d.Kind))}
	case member.StatusRejected:
		return &nextStep{Title: "修改入会申请", Href: appFormPath, Action: "修改申请",
			Text: "入会申请已退回，请根据退回原因修改后重新提交。"}
	case member.StatusSubmitted:
		return &nextStep{Title: "等待审核", Href: appPath, Action: "查看申请",
			Text: "入会申请已提交，请耐心等待工作人员审核，审核结果将以站内提醒和邮件通知您。"}
	case member.StatusApproved:
		return &nextStep{Title: "审核通过", Href: appPath, Action: "查看详情", PayHref: feesPath, PayAction: "缴纳会费",
			Text: fmt.Sprintf("入会申请已审核通过，会员号: %s。请按照流程提示完成缴费。", d.Number)}
	case member.StatusPaymentClaimed:
		return &nextStep{Title: "审核通过", Href: appPath, Action: "查看详情", PayHref: feesPath, PayAction: "查询缴费进度",
			Text: fmt.Sprintf("入会申请已审核通过，会员号: %s。已申请查看缴费状态，请等待财务确认到账。", d.Number)}
	}
	return nil
}

// noticeFor maps the done=… parameter of a redirect after a successful form to
// its message; unknown values show nothing.
func noticeFor(req bunrouter.Request, messages map[string]string) string {
	return messages[req.URL.Query().Get("done")]
}

// pageParam reads ?page=N (from 1).
func pageParam(req bunrouter.Request) int {
	n, err := strconv.Atoi(req.URL.Query().Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// redirectDone redirects to a page with the done=… marker of its notice.
func redirectDone(w http.ResponseWriter, req bunrouter.Request, path, done string) error {
	return redirect(w, req, path+"?done="+done)
}

func itoa(n int) string { return strconv.Itoa(n) }
