package webui

import (
	"net/http"
	"strconv"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/internal/httpkit"
)

// councilFormView is the data of a council form to fill in.
type councilFormView struct {
	Title        string
	Action       string
	Inputs       []fieldView
	RowsLabel    string
	Rows         []councilRowView
	RowsError    string
	ReturnReason string
	MaxRows      int
}

// councilRowView is one line of 工作经历 (简历) with its messages.
type councilRowView struct {
	N                        int // from 1
	Period, Detail           string
	PeriodError, DetailError string
}

// councilBlankRows is how many empty lines the form offers below the filled ones.
const councilBlankRows = 2

// memberCouncilForm is a form to fill in (填写); a completed one shows read-only.
func (u *UI) memberCouncilForm(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	k, err := councilKindOf(req)
	if err != nil {
		return u.showError(w, req, err)
	}
	v, err := u.app.Queries.CouncilForm.Handle(req.Context(), query.CouncilForm{Principal: mc.Session.Principal,
		Kind: k})
	if err != nil {
		return u.showError(w, req, err)
	}
	if !v.Editable {
		return redirect(w, req, councilViewPath+v.Form.ID)
	}
	f := newForm()
	for key, val := range v.Form.Values {
		f.set(key, val)
	}
	p := u.newPage(w, req, "")
	p.Form = f
	return u.renderCouncilForm(w, req, mc, p, http.StatusOK, v, v.Form.Rows)
}

func (u *UI) renderCouncilForm(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx, p *page, status int,
	v query.CouncilFormView, rows []council.Row) error {
	d := councilFormView{Title: v.Title(), Action: pathOfKind(v.Form.Kind), RowsLabel: v.RowsLabel,
		MaxRows: council.MaxRows}
	if v.Form.Status == council.Returned {
		d.ReturnReason = v.Form.ReturnReason
	}
	for _, fd := range v.Fields {
		d.Inputs = append(d.Inputs, councilInput(p.Form, fd))
	}
	n := min(len(rows)+councilBlankRows, council.MaxRows)
	for i := range n {
		r := councilRowView{N: i + 1}
		if i < len(rows) {
			r.Period, r.Detail = rows[i].Period, rows[i].Detail
		}
		prefix := "rows." + strconv.Itoa(i) + "."
		r.PeriodError, r.DetailError = p.Form.Error(prefix+"period"), p.Form.Error(prefix+"detail")
		d.Rows = append(d.Rows, r)
	}
	d.RowsError = p.Form.Error("rows")
	p.Portal = u.memberPortal(mc, "council")
	p.Data = d
	u.render(w, req, status, "member_council_form.html", p)
	return nil
}

// councilInput is the input of one field, as the form partials render it.
func councilInput(f *form, fd council.Field) fieldView {
	opts := []string{}
	if fd.Required {
		opts = append(opts, "required")
	}
	if fd.Max > 0 {
		opts = append(opts, "maxlength="+strconv.Itoa(fd.Max))
	}
	if fd.Hint != "" {
		opts = append(opts, "hint="+fd.Hint)
	}
	switch fd.Input {
	case council.Choice:
		options := make([]application.Option, len(fd.Options))
		for i, o := range fd.Options {
			options[i] = application.Option{Code: o, Label: o}
		}
		return newChoice(f, fd.Key, fd.Label, options, "请选择"+fd.Label, opts...)
	case council.Area:
		return newField(f, fd.Key, fd.Label, "textarea", "", append(opts, "rows=4")...)
	case council.Phone:
		return newField(f, fd.Key, fd.Label, "text", "如 010-68412345", append(opts, "inputmode=tel")...)
	case council.EmailBox:
		return newField(f, fd.Key, fd.Label, "email", "name@example.com", append(opts, "autocomplete=email")...)
	case council.Month:
		return newField(f, fd.Key, fd.Label, "text", "如 1968-05", append(opts, "maxlength=7")...)
	}
	return newField(f, fd.Key, fd.Label, "text", "", opts...)
}

// memberCouncilSave is 「保存草稿」 (action=draft) or 「提交」 of a form. A refused
// request re-renders the form with each field's message; nothing is stored.
func (u *UI) memberCouncilSave(w http.ResponseWriter, req bunrouter.Request, mc *memberCtx) error {
	k, err := councilKindOf(req)
	if err != nil {
		return u.showError(w, req, err)
	}
	values := map[string]string{}
	for _, fd := range council.FieldsOf(k) {
		values[fd.Key] = req.PostFormValue(fd.Key)
	}
	periods, details := req.PostForm["row_period"], req.PostForm["row_detail"]
	var rows []council.Row
	for i := range max(len(periods), len(details)) {
		var r council.Row
		if i < len(periods) {
			r.Period = periods[i]
		}
		if i < len(details) {
			r.Detail = details[i]
		}
		rows = append(rows, r)
	}
	submit := req.PostFormValue("action") == "submit"
	_, err = u.app.Commands.SaveCouncilForm.Handle(req.Context(), command.SaveCouncilForm{
		Principal: mc.Session.Principal, Kind: k, Values: values, Rows: rows, Submit: submit})
	if err == nil {
		if submit {
			return redirectDone(w, req, councilPath, "submitted")
		}
		return redirectDone(w, req, councilPath, "saved")
	}
	e := apperr.As(err)
	if e.Kind != apperr.KindInvalid {
		return u.showError(w, req, err)
	}
	v, qerr := u.app.Queries.CouncilForm.Handle(req.Context(), query.CouncilForm{Principal: mc.Session.Principal,
		Kind: k})
	if qerr != nil {
		return u.showError(w, req, qerr)
	}
	p := u.newPage(w, req, "")
	p.Form = newForm()
	for key, val := range values {
		p.Form.set(key, val)
	}
	p.Form.fail(e)
	// The rows as the core checked them (blank lines dropped), so that each
	// message stands beside its line.
	_, kept := council.Normalize(k, nil, rows)
	return u.renderCouncilForm(w, req, mc, p, httpkit.Status(e.Kind), v, kept)
}
