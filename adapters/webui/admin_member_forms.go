package webui

import "strconv"

// The member detail's forms (资料与会籍管理 and 账号协助) written in Go as the
// templates wrote them (see admin_member_head.go): the form partials "csrf",
// "field", "choice" and "textarea" of partials/form.html and common.html for
// the fieldViews newField and newChoice build.

// csrf writes the "csrf" partial: the form's hidden token.
func (w *detailWriter) csrf(token string) {
	w.raw(`<input type="hidden" name="csrf_token" value="`)
	w.text(token)
	w.raw(`">`)
}

// fieldOpen writes a field's wrapper and label (the "required_mark" included).
func (w *detailWriter) fieldOpen(f *fieldView) {
	if f.Error != "" {
		w.raw("<div class=\"field field--error\">\n  <label class=\"field__label\" for=\"")
	} else {
		w.raw("<div class=\"field\">\n  <label class=\"field__label\" for=\"")
	}
	w.text(f.ID)
	w.raw(`">`)
	w.text(f.Label)
	if f.Required {
		w.raw(`<span class="field__req" aria-hidden="true">*</span>`)
	}
	w.raw("</label>\n  ")
}

// attr writes ` name="value"` when value is not empty.
func (w *detailWriter) attr(name, value string) {
	if value != "" {
		w.raw(" " + name + `="`)
		w.text(value)
		w.raw(`"`)
	}
}

// always writes ` name="value"`.
func (w *detailWriter) always(name, value string) {
	w.raw(" " + name + `="`)
	w.text(value)
	w.raw(`"`)
}

// intAttr writes ` name="n"` when n is not zero.
func (w *detailWriter) intAttr(name string, n int) {
	if n != 0 {
		w.raw(" " + name + `="` + strconv.Itoa(n) + `"`)
	}
}

// fieldState writes a control's required, invalid and described-by
// attributes and closes its tag.
func (w *detailWriter) fieldState(f *fieldView) {
	if f.Required {
		w.raw(` aria-required="true"`)
	}
	if f.Error != "" {
		w.raw(` aria-invalid="true"`)
	}
	w.attr("aria-describedby", f.DescribedBy)
	w.raw(">")
}

// fieldClose writes the "field_notes" partial (hint and error) and closes the
// wrapper.
func (w *detailWriter) fieldClose(f *fieldView) {
	w.raw("\n  ")
	if f.Hint != "" {
		w.raw(`<p class="field__hint" id="`)
		w.text(f.ID)
		w.raw(`-hint">`)
		w.text(f.Hint)
		w.raw(`</p>`)
	}
	w.raw("\n  ")
	if f.Error != "" {
		w.raw(`<p class="field__error" id="`)
		w.text(f.ID)
		w.raw(`-error">`)
		w.text(f.Error)
		w.raw(`</p>`)
	}
	w.raw("\n</div>")
}

// field writes the "field" partial: an input.
func (w *detailWriter) field(f fieldView) {
	w.fieldOpen(&f)
	w.raw(`<input class="input"`)
	w.always("id", f.ID)
	w.always("name", f.Name)
	w.always("type", f.Type)
	w.attr("value", f.Value)
	w.attr("placeholder", f.Placeholder)
	w.attr("autocomplete", f.Autocomplete)
	w.attr("inputmode", f.InputMode)
	w.intAttr("maxlength", f.MaxLength)
	if f.Autofocus {
		w.raw(" autofocus")
	}
	w.fieldState(&f)
	w.fieldClose(&f)
}

// textarea writes the "textarea" partial.
func (w *detailWriter) textarea(f fieldView) {
	w.fieldOpen(&f)
	w.raw(`<textarea class="input input--textarea"`)
	w.always("id", f.ID)
	w.always("name", f.Name)
	w.intAttr("rows", f.Rows)
	w.attr("placeholder", f.Placeholder)
	w.intAttr("maxlength", f.MaxLength)
	w.fieldState(&f)
	w.text(f.Value)
	w.raw("</textarea>")
	w.fieldClose(&f)
}

// choice writes the "choice" partial: a select with its placeholder entry.
func (w *detailWriter) choice(f fieldView) {
	w.fieldOpen(&f)
	w.raw(`<select class="input input--select"`)
	w.always("id", f.ID)
	w.always("name", f.Name)
	w.fieldState(&f)
	w.raw("\n    <option value=\"\">")
	w.text(f.Placeholder)
	w.raw("</option>\n    ")
	for _, o := range f.Options {
		w.raw(`<option value="`)
		w.text(o.Value)
		if o.Selected {
			w.raw(`" selected>`)
		} else {
			w.raw(`">`)
		}
		w.text(o.Label)
		w.raw("</option>\n    ")
	}
	w.raw("\n  </select>")
	w.fieldClose(&f)
}
