package webui

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberNewView is the 新建会员 page.
type memberNewView struct {
	Kinds   []application.Option
	Levels  []application.Option
	BackURL string
}

// adminMemberNew shows 新建会员: a member that joined on paper, entered by hand.
func (u *UI) adminMemberNew(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm().set("kind", "enterprise")
	return u.renderMemberNew(w, req, sc, p, http.StatusOK)
}

// adminMemberNewSubmit creates the member through the rules of registration;
// errors come back beside their fields and nothing is stored.
func (u *UI) adminMemberNewSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	f := newForm()
	for _, k := range []string{"kind", "name", "email", "level", "number", "valid_from", "valid_until", "doc_no"} {
		f.set(k, strings.TrimSpace(req.PostFormValue(k)))
	}
	cmd := command.StaffCreateMember{Principal: sc.Session.Principal, Kind: f.Value("kind"), Name: f.Value("name"),
		Email: f.Value("email"), Level: f.Value("level"), Number: f.Value("number"), DocNo: f.Value("doc_no")}
	var v apperr.Validation
	cmd.ValidFrom = u.dayField(&v, f, "valid_from")
	cmd.ValidUntil = u.dayField(&v, f, "valid_until")
	err := v.Err()
	id := ""
	if err == nil {
		id, err = u.app.Commands.StaffCreateMember.Handle(req.Context(), cmd)
	}
	if err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
			return u.showError(w, req, err)
		}
		f.fail(e)
		p := u.newPage(w, req, "")
		p.Form = f
		return u.renderMemberNew(w, req, sc, p, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminMembersPath+"/"+url.PathEscape(id), "created")
}

// dayField reads a yyyy-mm-dd field (zero when empty).
func (u *UI) dayField(v *apperr.Validation, f *form, name string) time.Time {
	s := f.Value(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, time.UTC)
	if err != nil {
		v.Add(name, "date_invalid", "日期格式应为 2024-03-01")
	}
	return t
}

func (u *UI) renderMemberNew(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page, status int) error {
	v := memberNewView{BackURL: adminMembersPath, Kinds: []application.Option{
		{Code: "enterprise", Label: "单位会员"}, {Code: "individual", Label: "个人会员"}}}
	for _, l := range u.app.Commands.ChangeMemberLevel.Levels() {
		v.Levels = append(v.Levels, application.Option{Code: string(l), Label: string(l)})
	}
	p.Portal = u.staffPortal(sc, "members")
	p.Data = v
	u.render(w, req, status, "admin_member_new.html", p)
	return nil
}
