package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberApplicationSubmit is 下一步 on step ③: with 「我已打印盖章并上传《入会申请表》」
// ticked and the scan uploaded, the application goes to review (step ④).
func (u *UI) memberApplicationSubmit(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.SubmitApplication.Handle(req.Context(), command.SubmitApplication{
		Principal: mc.Session.Principal, ConfirmStamped: req.PostFormValue("confirm_stamped") != ""})
	if err != nil {
		return u.stepThreeFailed(w, req, mc, httpkit.Status(apperr.As(err).Kind), err)
	}
	return redirect(w, req, appPath)
}
