package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/domain/member"
)

// registerView is the data of 加入会员: which tab is open and the join flow's
// progress bar (step ① current).
type registerView struct {
	Kind       string
	Individual bool
	Steps      []stepView
}

// registerKind returns the tab for a kind value: 企业入会 unless 个人入会 is asked.
func registerKind(s string) registerView {
	if k, ok := member.ParseKind(s); ok && k == member.Individual {
		return registerView{Kind: string(member.Individual), Individual: true, Steps: registerSteps(member.Individual)}
	}
	return registerView{Kind: string(member.Enterprise), Steps: registerSteps(member.Enterprise)}
}

// registerShow is 加入会员 with the tabs 企业入会 / 个人入会 (?kind=individual works
// without JavaScript).
func (u *UI) registerShow(w http.ResponseWriter, req bunrouter.Request) error {
	p := u.publicPage(w, req, "register")
	p.Form = newForm()
	p.Data = registerKind(req.URL.Query().Get("kind"))
	u.render(w, req, http.StatusOK, "register.html", p)
	return nil
}
