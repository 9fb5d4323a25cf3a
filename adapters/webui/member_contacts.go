package webui

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/contact"
	"github.com/openassoc/membership/internal/httpkit"
)

// Paths of 联系人管理.
const (
	contactsPath       = "/member/contacts"
	contactsSavePath   = contactsPath + "/save"
	contactsDeletePath = contactsPath + "/delete"
)

// contactsHint is the manual's hint above the list.
const contactsHint = "可添加部门负责人及联系人的联系方式，（如质量安全部、企管部、总经办、综合办公室等）" +
	"为了便于能及时、有效的联系您，请企业尽量添加企业的有效联系方式。"

// contactsView is the data of 联系人管理.
type contactsView struct {
	Hint     string
	Contacts []contactRow
	// Editing shows the form: "new" adds, a contact's ID edits it.
	Editing    string
	EditingNew bool
	Roles      []application.Option
	// Successors are the contacts that may take over from the 第一联系人.
	Successors []contactRow
	SavePath   string
	DeletePath string
}

// contactRow is one row of 联系人列表.
type contactRow struct {
	ID, RoleLabel, Dept, Name, Title, Phone, Email, Mobile string
	First                                                  bool
}

func contactRowOf(c contact.Contact) contactRow {
	return contactRow{ID: c.ID, RoleLabel: c.Role.Label(), Dept: c.Dept, Name: c.Name, Title: c.Title,
		Phone: c.Phone, Email: c.Email, Mobile: c.Mobile, First: c.Role == contact.First}
}

func contactRoles() []application.Option {
	out := make([]application.Option, 0, 3)
	for _, r := range contact.Roles() {
		out = append(out, application.Option{Code: string(r), Label: r.Label()})
	}
	return out
}

// Messages of 联系人管理 after a redirect.
var contactsNotices = map[string]string{
	"saved":   "联系人已保存",
	"deleted": "联系人已删除",
}

// memberContactsShow is 联系人管理; ?edit=new opens 「+添加联系人」, ?edit=<id>
// 编辑 of that contact.
func (u *UI) memberContactsShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, contactsNotices)
	return u.renderContacts(w, req, mc, p, http.StatusOK, req.URL.Query().Get("edit"), true)
}

// renderContacts renders the page; editing names the open form, fill tells
// whether to fill it from the stored contact.
func (u *UI) renderContacts(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int,
	editing string, fill bool) error {
	cv, err := u.app.Queries.ContactList.Handle(req.Context(), query.ContactList{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	v := contactsView{Hint: contactsHint, Roles: contactRoles(), SavePath: contactsSavePath,
		DeletePath: contactsDeletePath}
	for _, c := range cv.Contacts {
		row := contactRowOf(c)
		v.Contacts = append(v.Contacts, row)
		if !row.First {
			v.Successors = append(v.Successors, row)
		}
		if c.ID == editing {
			v.Editing = c.ID
			if fill {
				fillContactForm(p.Form, c.FieldsOf())
			}
		}
	}
	if editing == "new" {
		v.Editing, v.EditingNew = "new", true
		if fill {
			p.Form.set("role", string(contact.Plain))
		}
	}
	p.Portal = u.memberPortal(mc, "contacts")
	p.Data = v
	u.render(w, req, status, "member_contacts.html", p)
	return nil
}

func fillContactForm(f *form, c contact.Fields) {
	f.set("role", string(c.Role)).set("dept", c.Dept).set("name", c.Name).set("title", c.Title).
		set("phone", c.Phone).set("mobile", c.Mobile).set("email", c.Email)
}

// memberContactsSave is 「保存」 of the add or edit form.
func (u *UI) memberContactsSave(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	v := req.PostFormValue
	fields := contact.Fields{Role: contact.Role(v("role")), Dept: v("dept"), Name: v("name"), Title: v("title"),
		Phone: v("phone"), Mobile: v("mobile"), Email: v("email")}
	id := v("id")
	_, err := u.app.Commands.SaveContact.Handle(req.Context(), command.SaveContact{
		Principal: mc.Session.Principal, ContactID: id, Fields: fields})
	if err != nil {
		f := newForm()
		fillContactForm(f, fields)
		if id == "" {
			id = "new"
		}
		return u.contactsFailed(w, req, mc, f, id, err)
	}
	return redirectDone(w, req, contactsPath, "saved")
}

// memberContactsDelete is 「删除」; the 第一联系人's names its successor.
func (u *UI) memberContactsDelete(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	err := u.app.Commands.DeleteContact.Handle(req.Context(), command.DeleteContact{Principal: mc.Session.Principal,
		ContactID: req.PostFormValue("id"), SuccessorID: req.PostFormValue("successor_id")})
	if err != nil {
		return u.contactsFailed(w, req, mc, newForm(), "", err)
	}
	return redirectDone(w, req, contactsPath, "deleted")
}

// contactsFailed re-renders the page with the messages of a refused request.
func (u *UI) contactsFailed(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, f *form, editing string,
	err error) error {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.KindInvalid, apperr.KindConflict:
	default:
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = f
	p.Form.fail(e)
	return u.renderContacts(w, req, mc, p, httpkit.Status(e.Kind), editing, false)
}
