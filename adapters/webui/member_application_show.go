package webui

import (
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/member"
)

// applicationStatusView is the data of the application's status page (step ④, or
// a returned application).
type applicationStatusView struct {
	App   query.ApplicationView
	Steps []stepView
	Title string
	// State picks the screen: waiting, approved, member (a full member) or
	// rejected.
	State       string
	SubmittedAt time.Time
}

// memberApplicationShow is 入会申请: it sends a member still filling in the form
// to step ② or ③, and shows the waiting, approved or returned application.
func (u *UI) memberApplicationShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	av, err := u.memberApplication(req, mc)
	if err != nil {
		return u.showError(w, req, err)
	}
	v := applicationStatusView{App: av, Title: u.formTitle(av.Kind), SubmittedAt: av.SubmittedAt}
	switch av.Status {
	case member.StatusRegistered, member.StatusDraft:
		if av.Step == stepUpload {
			return redirect(w, req, appUploadPath)
		}
		return redirect(w, req, appFormPath)
	case member.StatusRejected:
		v.State, v.Steps = "rejected", stepsFor(av.Kind, stepForm)
	case member.StatusSubmitted:
		v.State, v.Steps = "waiting", stepsFor(av.Kind, stepReview)
	case member.StatusApproved, member.StatusPaymentClaimed, member.StatusPaid, member.StatusAwaitingSecretariat:
		v.State, v.Steps = "approved", stepsFor(av.Kind, stepReview)
	default:
		v.State = "member"
	}
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "application")
	p.Data = v
	u.render(w, req, http.StatusOK, "application_status.html", p)
	return nil
}
