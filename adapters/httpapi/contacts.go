package httpapi

import (
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/contact"
)

// contactJSON is one contact (schema Contact).
type contactJSON struct {
	ID        string `json:"id"`
	Role      string `json:"role"`
	RoleLabel string `json:"role_label"`
	Dept      string `json:"dept"`
	Name      string `json:"name"`
	Title     string `json:"title"`
	Phone     string `json:"phone"`
	Mobile    string `json:"mobile"`
	Email     string `json:"email"`
}

// contactRequest adds or edits a contact (schema ContactRequest).
type contactRequest struct {
	Role   string `json:"role"`
	Dept   string `json:"dept"`
	Name   string `json:"name"`
	Title  string `json:"title"`
	Phone  string `json:"phone"`
	Mobile string `json:"mobile"`
	Email  string `json:"email"`
}

func (in contactRequest) fields() contact.Fields {
	return contact.Fields{Role: contact.Role(in.Role), Dept: in.Dept, Name: in.Name, Title: in.Title,
		Phone: in.Phone, Mobile: in.Mobile, Email: in.Email}
}

// contactListJSON is 联系人列表 (schema ContactList), the 第一联系人 first.
type contactListJSON struct {
	MemberID string        `json:"member_id"`
	Contacts []contactJSON `json:"contacts"`
}

func newContactList(v query.ContactListView) contactListJSON {
	out := contactListJSON{MemberID: v.MemberID, Contacts: []contactJSON{}}
	for _, c := range v.Contacts {
		out.Contacts = append(out.Contacts, contactJSON{ID: c.ID, Role: string(c.Role), RoleLabel: c.Role.Label(),
			Dept: c.Dept, Name: c.Name, Title: c.Title, Phone: c.Phone, Mobile: c.Mobile, Email: c.Email})
	}
	return out
}

// contacts answers with the contacts of a member (memberID "": the principal's own).
func (a *API) contacts(w http.ResponseWriter, req bunrouter.Request, p access.Principal, memberID string,
	status int) error {
	v, err := a.app.Queries.ContactList.Handle(req.Context(), query.ContactList{Principal: p, MemberID: memberID})
	if err != nil {
		return err
	}
	return a.ok(w, status, newContactList(v))
}

// getMyContacts is GET /me/contacts.
func (a *API) getMyContacts(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.contacts(w, req, p, "", http.StatusOK)
}

// addMyContact is POST /me/contacts (「+添加联系人」).
func (a *API) addMyContact(w http.ResponseWriter, req bunrouter.Request) error {
	return a.saveMyContact(w, req, "", http.StatusCreated)
}

// editMyContact is PUT /me/contacts/{contact_id} (编辑).
func (a *API) editMyContact(w http.ResponseWriter, req bunrouter.Request) error {
	return a.saveMyContact(w, req, req.Param("contact_id"), http.StatusOK)
}

func (a *API) saveMyContact(w http.ResponseWriter, req bunrouter.Request, id string, status int) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in contactRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if _, err := a.app.Commands.SaveContact.Handle(req.Context(), command.SaveContact{Principal: p, ContactID: id,
		Fields: in.fields()}); err != nil {
		return err
	}
	return a.contacts(w, req, p, "", status)
}

// deleteMyContact is DELETE /me/contacts/{contact_id}?successor_id=… (删除).
func (a *API) deleteMyContact(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	if err := a.app.Commands.DeleteContact.Handle(req.Context(), command.DeleteContact{Principal: p,
		ContactID: req.Param("contact_id"), SuccessorID: req.URL.Query().Get("successor_id")}); err != nil {
		return err
	}
	return a.contacts(w, req, p, "", http.StatusOK)
}

// getMemberContacts is GET /members/{member_id}/contacts (staff).
func (a *API) getMemberContacts(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.contacts(w, req, s.Principal, req.Param("member_id"), http.StatusOK)
}
