package webui

import (
	"strconv"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// form keeps what the user entered and the messages to show, for re-rendering a
// form after a failed submission. Passwords are never kept.
type form struct {
	values  map[string]string
	errors  map[string]string
	Message string // a summary shown above the form
}

func newForm() *form { return &form{values: map[string]string{}, errors: map[string]string{}} }

// set keeps a value to show again.
func (f *form) set(name, value string) *form {
	f.values[name] = value
	return f
}

// Value returns the kept value of a field.
func (f *form) Value(name string) string {
	if f == nil {
		return ""
	}
	return f.values[name]
}

// Error returns the message of a field, or "".
func (f *form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.errors[name]
}

// fail records the messages of a failed command.
func (f *form) fail(e *apperr.Error) {
	f.Message = e.Message
	for _, fe := range e.Fields {
		if _, ok := f.errors[fe.Field]; !ok {
			f.errors[fe.Field] = fe.Message
		}
	}
}

// fieldView is what the "field" partial renders: a labelled input with its hint and
// message, bound together by id, aria-describedby and aria-invalid.
type fieldView struct {
	ID, Name, Label, Type          string
	Value, Placeholder, Hint       string
	Error, Autocomplete, InputMode string
	DescribedBy                    string
	MaxLength                      int
	Rows                           int // textarea
	Autofocus                      bool
	Required                       bool         // marked and announced as required
	Options                        []optionView // select
}

// optionView is one entry of a select.
type optionView struct {
	Value, Label string
	Selected     bool
}

// newField builds a fieldView for templates:
//
//	{{template "field" (field .Form "email" "注册邮箱" "email" "请输入有效的电子邮箱" "autocomplete=email")}}
//
// Options are "hint=…", "autocomplete=…", "maxlength=N", "rows=N", "inputmode=…",
// "autofocus" and "required".
func newField(f *form, name, label, typ, placeholder string, opts ...string) fieldView {
	v := fieldView{ID: "f-" + strings.ReplaceAll(name, "_", "-"), Name: name, Label: label, Type: typ,
		Placeholder: placeholder, Error: f.Error(name)}
	if typ != "password" {
		v.Value = f.Value(name)
	}
	for _, o := range opts {
		key, val, _ := strings.Cut(o, "=")
		switch key {
		case "hint":
			v.Hint = val
		case "autocomplete":
			v.Autocomplete = val
		case "maxlength":
			v.MaxLength, _ = strconv.Atoi(val)
		case "inputmode":
			v.InputMode = val
		case "rows":
			v.Rows, _ = strconv.Atoi(val)
		case "autofocus":
			v.Autofocus = true
		case "required":
			v.Required = true
		}
	}
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, v.ID+"-error")
	}
	v.DescribedBy = strings.Join(ids, " ")
	return v
}

// newChoice builds the fieldView of a select over a controlled vocabulary, with a
// first empty entry (the placeholder) and the kept value selected:
//
//	{{template "choice" (choice .Form "industry" "所属行业" $.Data.Options.Industries "请选择所属行业" "required")}}
func newChoice(f *form, name, label string, options []application.Option, placeholder string, opts ...string) fieldView {
	v := newField(f, name, label, "select", placeholder, opts...)
	v.Options = make([]optionView, len(options))
	for i, o := range options {
		v.Options[i] = optionView{Value: o.Code, Label: o.Label, Selected: o.Code == v.Value}
	}
	return v
}
