package webui

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

// applicationFormView is the data of step ② 填写入会申请表.
type applicationFormView struct {
	Title        string
	Steps        []stepView
	Individual   bool
	Options      *query.ApplicationOptions
	RejectReason string
	SavedAt      time.Time
	// Limits are the maxlength of the text inputs, by field name.
	Limits map[string]int
}

// Messages of a saved draft.
var formNotices = map[string]string{
	"saved": "草稿已保存，可随时回来继续填写",
}

// memberApplicationFormShow is step ②: the member's application form, pre-filled
// from the saved draft (or the account). A submitted application cannot be
// edited: the member is sent to its status.
func (u *UI) memberApplicationFormShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	av, err := u.memberApplication(req, mc)
	if err != nil {
		return u.showError(w, req, err)
	}
	if !av.CanEdit {
		return redirect(w, req, appPath)
	}
	p := u.newPage(w, req, "")
	p.Form = formOf(av.Fields)
	if av.Kind == member.Enterprise && p.Form.Value("filled_on") == "" {
		p.Form.set("filled_on", u.now().Format(time.DateOnly))
	}
	p.Notice = noticeFor(req, formNotices)
	u.render(w, req, http.StatusOK, "application_form.html", u.applicationFormPage(p, mc, av.RejectReason, av.SavedAt))
	return nil
}

// applicationFormPage completes the page of step ② around its form values and
// errors. 单位名称 (姓名) shows the account's registered name, read-only: the
// core keeps it so whatever is posted.
func (u *UI) applicationFormPage(p *page, mc *memberCtx, rejectReason string, savedAt time.Time) *page {
	kind := mc.Dash.Kind
	if p.Form != nil {
		p.Form.set("name", mc.Dash.Name)
	}
	p.Portal = u.memberPortal(mc, "application")
	p.Data = applicationFormView{
		Title: u.formTitle(kind), Steps: stepsFor(kind, stepForm), Individual: kind == member.Individual,
		Options: u.options, RejectReason: rejectReason, SavedAt: savedAt, Limits: formLimits,
	}
	return p
}

// formLimits are the maxlength attributes of the form's text inputs; the core
// checks the same limits.
var formLimits = map[string]int{
	"org": application.MaxOrgNameLen, "person": application.MaxPersonNameLen,
	"address": application.MaxAddressLen, "title": application.MaxTitleLen, "dept": application.MaxDeptLen,
	"employer": application.MaxEmployerLen, "profile": application.MaxProfileLen,
	"phone": application.MaxPhoneLen, "email": application.MaxEmailLen,
}
