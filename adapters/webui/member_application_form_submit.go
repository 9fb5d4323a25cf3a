package webui

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/domain/member"
)

// The buttons of the application form (the name "action").
const (
	formSave   = "save"   // 保存草稿
	formNext   = "next"   // 下一步 (enterprises: on to step ③)
	formSubmit = "submit" // 提交申请 (individuals: no stamped form)
)

// memberApplicationFormSubmit stores the form. 保存草稿 accepts a partial form;
// 下一步 and 提交申请 need it complete. An enterprise goes on to step ③; an
// individual's application is submitted for review at once. Field errors show
// next to their fields and nothing is stored.
func (u *UI) memberApplicationFormSubmit(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	action := req.PostFormValue("action")
	individual := mc.Dash.Kind == member.Individual
	cmd := command.SaveApplicationDraft{Principal: mc.Session.Principal, RequireComplete: action != formSave}
	p := u.newPage(w, req, "")
	if individual {
		f := individualFormFrom(req)
		cmd.Individual = &f
		p.Form = formOf(f.Fields())
	} else {
		f := enterpriseFormFrom(req)
		cmd.Enterprise = &f
		p.Form = formOf(f.Fields())
	}
	fail := func(err error) error {
		reason := ""
		if st := mc.Dash.Status; st == member.StatusRejected || st == member.StatusDraft {
			reason = mc.Dash.RejectReason
		}
		return u.formFailed(w, req, err, "application_form.html", u.applicationFormPage(p, mc, reason, time.Time{}))
	}
	if err := u.app.Commands.SaveApplicationDraft.Handle(req.Context(), cmd); err != nil {
		return fail(err)
	}
	switch {
	case action == formSave:
		return redirectDone(w, req, appFormPath, "saved")
	case individual:
		err := u.app.Commands.SubmitApplication.Handle(req.Context(), command.SubmitApplication{Principal: mc.Session.Principal})
		if err != nil {
			return fail(err)
		}
		return redirect(w, req, appPath)
	}
	return redirect(w, req, appUploadPath)
}
