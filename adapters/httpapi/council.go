package httpapi

import (
	"bytes"
	"net/http"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/internal/httpkit"
)

// 完善理事资料 (issue 13, item 4): a council member's forms and 联系人信息, and
// the reviewers' queue.

// councilCardJSON is one form a level needs (schema CouncilCard).
type councilCardJSON struct {
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	FormID       string `json:"form_id"`
	Status       string `json:"status"`
	Complete     bool   `json:"complete"`
	ReturnReason string `json:"return_reason"`
}

// councilContactJSON is the 联系人信息 (schema CouncilContact): the person
// the council's mail is addressed to.
type councilContactJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// councilPageJSON is 完善理事资料 (schema CouncilPage).
type councilPageJSON struct {
	Cards   []councilCardJSON   `json:"cards"`
	Contact *councilContactJSON `json:"contact"`
}

// councilFieldJSON describes one field of a form (schema CouncilField).
type councilFieldJSON struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Input    string   `json:"input"`
	Required bool     `json:"required"`
	Max      int      `json:"max"`
	Options  []string `json:"options"`
}

// councilFormJSON is one form (schema CouncilForm).
type councilFormJSON struct {
	ID           string             `json:"id"`
	MemberID     string             `json:"member_id"`
	MemberName   string             `json:"member_name"`
	Kind         string             `json:"kind"`
	Title        string             `json:"title"`
	Status       string             `json:"status"`
	Editable     bool               `json:"editable"`
	Values       map[string]string  `json:"values"`
	Rows         []council.Row      `json:"rows"`
	ReturnReason string             `json:"return_reason"`
	SubmittedAt  *time.Time         `json:"submitted_at"`
	Fields       []councilFieldJSON `json:"fields"`
}

func newCouncilForm(v query.CouncilFormView) councilFormJSON {
	f := v.Form
	out := councilFormJSON{ID: f.ID, MemberID: v.MemberID, MemberName: v.MemberName, Kind: string(f.Kind),
		Title: f.Kind.Title(), Status: string(f.Status), Editable: v.Editable, Values: f.Values, Rows: f.Rows,
		ReturnReason: f.ReturnReason, Fields: []councilFieldJSON{}}
	if out.Values == nil {
		out.Values = map[string]string{}
	}
	if out.Rows == nil {
		out.Rows = []council.Row{}
	}
	if !f.SubmittedAt.IsZero() {
		t := f.SubmittedAt
		out.SubmittedAt = &t
	}
	for _, fd := range v.Fields {
		opts := fd.Options
		if opts == nil {
			opts = []string{}
		}
		out.Fields = append(out.Fields, councilFieldJSON{Key: fd.Key, Label: fd.Label, Input: string(fd.Input),
			Required: fd.Required, Max: fd.Max, Options: opts})
	}
	return out
}

// councilFormRequest saves a form (schema CouncilFormRequest).
type councilFormRequest struct {
	Values map[string]string `json:"values"`
	Rows   []council.Row     `json:"rows"`
	Submit bool              `json:"submit"`
}

// getMyCouncil is GET /me/council.
func (a *API) getMyCouncil(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.myCouncil(w, req, p, http.StatusOK)
}

func (a *API) myCouncil(w http.ResponseWriter, req bunrouter.Request, p access.Principal, status int) error {
	v, err := a.app.Queries.CouncilPage.Handle(req.Context(), query.CouncilPage{Principal: p})
	if err != nil {
		return err
	}
	out := councilPageJSON{Cards: []councilCardJSON{}}
	for _, c := range v.Cards {
		out.Cards = append(out.Cards, councilCardJSON{Kind: string(c.Kind), Title: c.Title, FormID: c.FormID,
			Status: string(c.Status), Complete: c.Complete(), ReturnReason: c.ReturnReason})
	}
	if v.HasContact {
		out.Contact = &councilContactJSON{Name: v.Contact.Name, Title: v.Contact.Title, Phone: v.Contact.Phone,
			Email: v.Contact.Email}
	}
	return a.ok(w, status, out)
}

// putMyCouncilContact is PUT /me/council/contact (联系人信息 「提交」).
func (a *API) putMyCouncilContact(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in councilContactJSON
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	if err := a.app.Commands.SaveCouncilContact.Handle(req.Context(), command.SaveCouncilContact{Principal: p,
		Contact: council.Contact{Name: in.Name, Title: in.Title, Phone: in.Phone, Email: in.Email}}); err != nil {
		return err
	}
	return a.myCouncil(w, req, p, http.StatusOK)
}

// getMyCouncilForm is GET /me/council/forms/{kind}.
func (a *API) getMyCouncilForm(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	return a.councilFormOf(w, req, query.CouncilForm{Principal: p, Kind: council.Kind(req.Param("kind"))},
		http.StatusOK)
}

// putMyCouncilForm is PUT /me/council/forms/{kind}: 保存草稿, or 提交 with submit.
func (a *API) putMyCouncilForm(w http.ResponseWriter, req bunrouter.Request) error {
	p, err := a.memberSession(req.Request)
	if err != nil {
		return err
	}
	var in councilFormRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	k, ok := council.ParseKind(req.Param("kind"))
	if !ok {
		return council.NotFoundError()
	}
	if _, err := a.app.Commands.SaveCouncilForm.Handle(req.Context(), command.SaveCouncilForm{Principal: p,
		Kind: k, Values: in.Values, Rows: in.Rows, Submit: in.Submit}); err != nil {
		return err
	}
	return a.councilFormOf(w, req, query.CouncilForm{Principal: p, Kind: k}, http.StatusOK)
}

func (a *API) councilFormOf(w http.ResponseWriter, req bunrouter.Request, q query.CouncilForm, status int) error {
	v, err := a.app.Queries.CouncilForm.Handle(req.Context(), q)
	if err != nil {
		return err
	}
	return a.ok(w, status, newCouncilForm(v))
}

// getCouncilForm is GET /council-forms/{form_id}: the member's own, or any for
// the reviewers; another member's is 404.
func (a *API) getCouncilForm(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	return a.councilFormOf(w, req, query.CouncilForm{Principal: s.Principal, FormID: req.Param("form_id")},
		http.StatusOK)
}

// getCouncilFormPDF is GET /council-forms/{form_id}/pdf.
func (a *API) getCouncilFormPDF(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	doc, err := a.app.Queries.CouncilFormPDF.Handle(req.Context(), query.CouncilForm{Principal: s.Principal,
		FormID: req.Param("form_id")})
	if err != nil {
		return err
	}
	writeBinary(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "council.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
	return nil
}

// councilQueueJSON is a page of the reviewers' queue (schema CouncilQueue).
type councilQueueJSON struct {
	Status   string            `json:"status"`
	Items    []councilFormJSON `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"page_size"`
	Pages    int               `json:"pages"`
	Counts   map[string]int    `json:"counts"`
}

// listCouncilForms is GET /council-forms?status=&page=&page_size= (reviewers).
func (a *API) listCouncilForms(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	page, size, err := pageParams(req)
	if err != nil {
		return err
	}
	q, err := a.app.Queries.CouncilQueue.Handle(req.Context(), query.CouncilQueue{Principal: s.Principal,
		Status: council.Status(req.URL.Query().Get("status")), Page: page, PageSize: size})
	if err != nil {
		return err
	}
	out := councilQueueJSON{Status: string(q.Status), Items: []councilFormJSON{}, Total: q.Total, Page: q.Page,
		PageSize: q.PageSize, Pages: q.Pages, Counts: map[string]int{}}
	for _, st := range council.Statuses() {
		out.Counts[string(st)] = q.Counts[st]
	}
	for _, it := range q.Items {
		out.Items = append(out.Items, newCouncilForm(query.CouncilFormView{Form: it.Form, MemberID: it.Form.MemberID,
			MemberName: it.MemberName, MemberNumber: it.MemberNumber}))
	}
	return a.ok(w, http.StatusOK, out)
}

// returnCouncilForm is POST /council-forms/{form_id}/return (退回 with a reason).
func (a *API) returnCouncilForm(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	var in reasonRequest
	if err := decodeJSON(w, req.Request, &in); err != nil {
		return err
	}
	id := req.Param("form_id")
	if err := a.app.Commands.ReviewCouncilForm.Return(req.Context(), command.ReturnCouncilForm{
		Principal: s.Principal, FormID: id, Reason: in.Reason}); err != nil {
		return err
	}
	return a.councilFormOf(w, req, query.CouncilForm{Principal: s.Principal, FormID: id}, http.StatusOK)
}

// acceptCouncilForm is POST /council-forms/{form_id}/accept (确认).
func (a *API) acceptCouncilForm(w http.ResponseWriter, req bunrouter.Request) error {
	s, _, err := a.session(req.Request)
	if err != nil {
		return err
	}
	id := req.Param("form_id")
	if err := a.app.Commands.ReviewCouncilForm.Accept(req.Context(), command.AcceptCouncilForm{
		Principal: s.Principal, FormID: id}); err != nil {
		return err
	}
	return a.councilFormOf(w, req, query.CouncilForm{Principal: s.Principal, FormID: id}, http.StatusOK)
}
