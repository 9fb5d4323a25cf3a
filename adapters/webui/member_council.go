package webui

import (
	"bytes"
	"net/http"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/internal/httpkit"
)

// Paths of 完善理事资料 (council members).
const (
	councilPath        = "/member/council"
	councilFormsPath   = councilPath + "/forms/"  // + kind: fill in (GET), save or submit (POST)
	councilViewPath    = councilPath + "/view/"   // + form id: read-only view
	councilPDFPath     = councilPath + "/pdf/"    // + form id: the printable PDF
	councilContactPath = councilPath + "/contact" // POST: 联系人信息
)

// councilContactHint is the manual's line under 联系人信息.
const councilContactHint = "完善理事资料中的需要填写的联系人，为邮件推送的联系人。"

// councilNotices are the messages after a redirect.
var councilNotices = map[string]string{
	"saved":     "草稿已保存，可稍后继续填写",
	"submitted": "资料已提交，感谢您的配合",
	"contact":   "联系人信息已保存，理事会的邮件将发送给该联系人",
}

// councilPageView is the data of 完善理事资料.
type councilPageView struct {
	Page        query.CouncilPageView
	ContactPath string
	ContactHint string
}

// memberCouncilShow is 完善理事资料: the cards of the forms (待完善 / 已完善) and
// 联系人信息. A member below 理事 gets the 403 page that says so.
func (u *UI) memberCouncilShow(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	p := u.newPage(w, req, "")
	p.Form = newForm()
	p.Notice = noticeFor(req, councilNotices)
	return u.renderCouncil(w, req, mc, p, http.StatusOK, true)
}

func (u *UI) renderCouncil(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int,
	fill bool) error {
	v, err := u.app.Queries.CouncilPage.Handle(req.Context(), query.CouncilPage{Principal: mc.Session.Principal})
	if err != nil {
		return u.showError(w, req, err)
	}
	if fill && v.HasContact {
		p.Form.set("name", v.Contact.Name).set("title", v.Contact.Title).set("phone", v.Contact.Phone).
			set("email", v.Contact.Email)
	}
	p.Portal = u.memberPortal(mc, "council")
	p.Data = councilPageView{Page: v, ContactPath: councilContactPath, ContactHint: councilContactHint}
	u.render(w, req, status, "member_council.html", p)
	return nil
}

// memberCouncilContact is 「提交」 of 联系人信息.
func (u *UI) memberCouncilContact(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	v := req.PostFormValue
	c := council.Contact{Name: v("name"), Title: v("title"), Phone: v("phone"), Email: v("email")}
	err := u.app.Commands.SaveCouncilContact.Handle(req.Context(), command.SaveCouncilContact{
		Principal: mc.Session.Principal, Contact: c})
	if err == nil {
		return redirectDone(w, req, councilPath, "contact")
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid {
		return u.showError(w, req, err)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm().set("name", c.Name).set("title", c.Title).set("phone", c.Phone).set("email", c.Email)
	p.Form.fail(e)
	return u.renderCouncil(w, req, mc, p, httpkit.Status(e.Kind), false)
}

// councilTips are the 小提示's forms of a council member's home page: those
// still 待完善 (none for other members, or when the page cannot be read).
func (u *UI) councilTips(req bunrouter.Request, mc *memberCtx) []query.CouncilCard {
	if mc.Dash.Role != access.RoleCouncil || u.app.Queries.CouncilPage == nil {
		return nil
	}
	v, err := u.app.Queries.CouncilPage.Handle(req.Context(), query.CouncilPage{Principal: mc.Session.Principal})
	if err != nil {
		return nil
	}
	return v.ToComplete()
}

// memberCouncilPDF downloads a filled form as a PDF (the member's own; another
// member's id is 404).
func (u *UI) memberCouncilPDF(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	return u.councilPDF(w, req, mc.Session.Principal)
}

func (u *UI) councilPDF(w http.ResponseWriter, req bunrouter.Request, p access.Principal) error {
	doc, err := u.app.Queries.CouncilFormPDF.Handle(u.docContext(req.Request), query.CouncilForm{Principal: p,
		FormID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	return writeFile(w, doc.ContentType, httpkit.ContentDisposition("attachment", doc.FileName, "council.pdf"),
		int64(len(doc.Content)), bytes.NewReader(doc.Content))
}

// councilSheetView is a read-only form (会员 and staff): its rows of label and
// value and its 工作经历.
type councilSheetView struct {
	View    query.CouncilFormView
	Values  []councilValue
	PDFPath string
}

// councilValue is one label and value of a read-only form.
type councilValue struct {
	Label, Value string
	Wide         bool
}

func councilSheetOf(v query.CouncilFormView, pdfPath string) councilSheetView {
	s := councilSheetView{View: v, PDFPath: pdfPath}
	for _, f := range v.Fields {
		s.Values = append(s.Values, councilValue{Label: f.Label, Value: v.Form.Value(f.Key),
			Wide: f.Input == council.Area})
	}
	return s
}

// memberCouncilView is 「可点击查看浏览填写的理事登记表」: the read-only form.
func (u *UI) memberCouncilView(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	v, err := u.app.Queries.CouncilForm.Handle(req.Context(), query.CouncilForm{Principal: mc.Session.Principal,
		FormID: req.Param("id")})
	if err != nil {
		return u.showError(w, req, err)
	}
	if v.Form.ID == "" {
		return u.showError(w, req, council.NotFoundError())
	}
	p := u.newPage(w, req, "")
	p.Portal = u.memberPortal(mc, "council")
	p.Data = councilSheetOf(v, councilPDFPath+v.Form.ID)
	u.render(w, req, http.StatusOK, "member_council_view.html", p)
	return nil
}

// pathOfKind is a form's fill-in page.
func pathOfKind(k council.Kind) string { return councilFormsPath + string(k) }

// councilKindOf reads the kind in the URL; an unknown one is 404.
func councilKindOf(req bunrouter.Request) (council.Kind, error) {
	k, ok := council.ParseKind(req.Param("kind"))
	if !ok {
		return "", council.NotFoundError()
	}
	return k, nil
}
