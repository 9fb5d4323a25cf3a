package query

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/ports"
)

// CouncilForm asks for one council form: the member's own of Kind (to fill
// or view), or by FormID (the member's own — another's is NotFound — or, for
// the reviewers, any).
type CouncilForm struct {
	Principal access.Principal
	Kind      council.Kind
	FormID    string
}

// CouncilFormView is a form with its fields' definitions.
type CouncilFormView struct {
	Form         council.Form
	Fields       []council.Field
	RowsLabel    string
	MemberID     string
	MemberName   string
	MemberNumber string
	// Editable tells whether the member may still change it (草稿, 已退回, new).
	Editable bool
}

// Title is the form's title.
func (v CouncilFormView) Title() string { return v.Form.Kind.Title() }

// CouncilFormHandler serves forms.
type CouncilFormHandler struct{ p CouncilPorts }

// NewCouncilFormHandler builds the handler.
func NewCouncilFormHandler(p CouncilPorts) *CouncilFormHandler { return &CouncilFormHandler{p: p} }

// Handle returns the form. A member below 理事 is Forbidden, a form its level
// does not need NotFound; a new form is prefilled with the member's name as
// 工作单位.
func (h *CouncilFormHandler) Handle(ctx context.Context, q CouncilForm) (CouncilFormView, error) {
	if q.Principal.IsStaff() {
		return h.staffView(ctx, q)
	}
	m, err := councilMember(ctx, h.p.Members, h.p.Authz, q.Principal, access.ReadOwnCouncil)
	if err != nil {
		return CouncilFormView{}, err
	}
	v := CouncilFormView{MemberID: m.ID(), MemberName: m.Name(), MemberNumber: m.Number()}
	if id := strings.TrimSpace(q.FormID); id != "" {
		f, err := h.p.Council.GetForm(ctx, id)
		if err != nil || f.MemberID != m.ID() {
			return v, council.NotFoundError()
		}
		q.Kind = f.Kind
	}
	if !slices.Contains(h.p.Forms.FormsFor(m.Level()), q.Kind) {
		return v, apperr.NotFound(council.ErrNotRequired, "您的会员级别无需填写该资料")
	}
	forms, err := h.p.Council.MemberForms(ctx, m.ID())
	if err != nil {
		return v, apperr.Internal(err)
	}
	v.Form = council.Form{MemberID: m.ID(), Kind: q.Kind, Values: map[string]string{"unit": m.Name()}}
	if i := slices.IndexFunc(forms, func(f council.Form) bool { return f.Kind == q.Kind }); i >= 0 {
		v.Form = forms[i]
	}
	v.Fields, v.RowsLabel, v.Editable = council.FieldsOf(q.Kind), council.RowsLabel(q.Kind), v.Form.Status.Editable()
	return v, nil
}

// staffView is a form for the reviewers, by its ID.
func (h *CouncilFormHandler) staffView(ctx context.Context, q CouncilForm) (CouncilFormView, error) {
	if err := access.Authorize(h.p.Authz, q.Principal, access.ListCouncilForms, ""); err != nil {
		return CouncilFormView{}, err
	}
	id := strings.TrimSpace(q.FormID)
	if id == "" || len(id) > 64 {
		return CouncilFormView{}, council.NotFoundError()
	}
	f, err := h.p.Council.GetForm(ctx, id)
	if err != nil {
		return CouncilFormView{}, err
	}
	m, err := h.p.Members.Get(ctx, f.MemberID)
	if err != nil {
		return CouncilFormView{}, err
	}
	return CouncilFormView{Form: f, Fields: council.FieldsOf(f.Kind), RowsLabel: council.RowsLabel(f.Kind),
		MemberID: m.ID(), MemberName: m.Name(), MemberNumber: m.Number()}, nil
}

// CouncilFormPDFHandler prints a filled council form as an A4 PDF.
type CouncilFormPDFHandler struct {
	forms *CouncilFormHandler
}

// NewCouncilFormPDFHandler builds the handler.
func NewCouncilFormPDFHandler(forms *CouncilFormHandler) *CouncilFormPDFHandler {
	return &CouncilFormPDFHandler{forms: forms}
}

// Handle renders the form of q.FormID (the member's own, or any for the
// reviewers). A form not yet saved is NotFound.
func (h *CouncilFormPDFHandler) Handle(ctx context.Context, q CouncilForm) (Document, error) {
	v, err := h.forms.Handle(ctx, q)
	if err != nil {
		return Document{}, err
	}
	if v.Form.ID == "" {
		return Document{}, council.NotFoundError()
	}
	if h.forms.p.Documents == nil {
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_unavailable",
			Message: "系统未配置PDF生成，暂时无法下载，请联系协会工作人员"}
	}
	pdf, err := h.forms.p.Documents.RenderForm(ctx, CouncilDocument(v, h.forms.p.Assoc))
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) {
			return Document{}, err
		}
		return Document{}, &apperr.Error{Kind: apperr.KindInternal, Code: "pdf_failed",
			Message: "生成PDF文件失败，请稍后再试或联系协会工作人员", Err: fmt.Errorf("render council form: %w", err)}
	}
	return Document{FileName: v.Title() + "-" + v.MemberName + ".pdf", ContentType: "application/pdf",
		Content: pdf}, nil
}

// CouncilDocument lays a council form out for printing: the short fields in
// 基本情况, the rows (工作经历 / 简历), then the long texts full width, and the
// recommending unit's stamp box.
func CouncilDocument(v CouncilFormView, assoc string) ports.FormDocument {
	basic := ports.FormSection{Title: "基本情况"}
	long := ports.FormSection{Title: "其他情况"}
	for _, f := range v.Fields {
		row := ports.FormRow{Label: f.Label, Value: v.Form.Value(f.Key)}
		if f.Input == council.Area {
			row.Wide = true
			long.Rows = append(long.Rows, row)
			continue
		}
		basic.Rows = append(basic.Rows, row)
	}
	rows := ports.FormSection{Title: v.RowsLabel}
	for _, r := range v.Form.Rows {
		rows.Rows = append(rows.Rows, ports.FormRow{Label: r.Period, Value: r.Detail})
	}
	doc := ports.FormDocument{Title: assoc + v.Title(), Subtitle: fmt.Sprintf("推荐单位：%s", v.MemberName),
		Sections: []ports.FormSection{basic, rows, long}, Signatures: []string{"推荐单位（盖章）：", "日期："},
		Footer: assoc + " · 完善理事资料"}
	if v.MemberNumber != "" {
		doc.Subtitle = fmt.Sprintf("推荐单位：%s（会员编号 %s）", v.MemberName, v.MemberNumber)
	}
	return doc
}
