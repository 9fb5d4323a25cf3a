package webui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/internal/httpkit"
)

// memberEditView is the 编辑资料 page of one member.
type memberEditView struct {
	Member  query.MemberEditFormView
	Fields  []fieldView
	Action  string
	BackURL string
}

// adminMemberEdit shows 编辑资料: the member's name and form with their stored
// values, the reason and the hidden version.
func (u *UI) adminMemberEdit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v, err := u.app.Queries.MemberEditForm.Handle(req.Context(), query.MemberEditForm{
		Principal: sc.Session.Principal, MemberID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	f := newForm().set("name", v.Name).set("version", strconv.FormatInt(v.Version, 10))
	for _, fl := range v.Fields {
		if fl.Name != "name" {
			f.set(fl.Name, fl.Value)
		}
	}
	p := u.newPage(w, req, "")
	p.Form = f
	return u.renderMemberEdit(w, req, sc, p, v, http.StatusOK)
}

// adminMemberEditSubmit saves 编辑资料; errors come back beside their fields,
// a stale version above the form (nothing is saved then).
func (u *UI) adminMemberEditSubmit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx) error {
	v, err := u.app.Queries.MemberEditForm.Handle(req.Context(), query.MemberEditForm{
		Principal: sc.Session.Principal, MemberID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	cmd := command.StaffEditMember{Principal: sc.Session.Principal, MemberID: v.ID, Version: versionOf(req),
		Name: req.PostFormValue("name"), Reason: req.PostFormValue("reason")}
	f := newForm().set("name", cmd.Name).set("reason", cmd.Reason).set("version", req.PostFormValue("version"))
	if v.HasForm {
		if v.Kind == member.Individual {
			form := individualFormFrom(req)
			cmd.Individual = &form
		} else {
			form := enterpriseFormFrom(req)
			cmd.Enterprise = &form
		}
		for _, fl := range v.Fields {
			if fl.Name != "name" {
				f.set(fl.Name, req.PostFormValue(fl.Name))
			}
		}
	}
	if _, err := u.app.Commands.StaffEditMember.Handle(req.Context(), cmd); err != nil {
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict {
			return u.showError(w, req, err)
		}
		f.fail(e)
		p := u.newPage(w, req, "")
		p.Form = f
		return u.renderMemberEdit(w, req, sc, p, v, httpkit.Status(e.Kind))
	}
	return redirectDone(w, req, adminMembersPath+"/"+url.PathEscape(v.ID), "edited")
}

func (u *UI) renderMemberEdit(w http.ResponseWriter, req bunrouter.Request, sc *staffCtx, p *page,
	v query.MemberEditFormView, status int) error {
	base := adminMembersPath + "/" + url.PathEscape(v.ID)
	ev := memberEditView{Member: v, Action: base + "/edit", BackURL: base}
	ev.Fields = profileFieldViews(p.Form, "名称", v.Fields, u.app.Queries.ApplicationOptions.Handle())
	p.Portal = u.staffPortal(sc, "members")
	p.Data = ev
	u.render(w, req, status, "admin_member_edit.html", p)
	return nil
}
