package application

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// Field is one filled-in field of a form, for display and printing: the input
// name, the Chinese label, the stored value and the value as shown (the label of a
// code, e.g. "S" → 公共管理、社会保障和社会组织).
type Field struct {
	Name    string `json:"name"`
	Label   string `json:"label"`
	Value   string `json:"value"`
	Display string `json:"display"`
	Wide    bool   `json:"wide"` // a multi-line text (单位简介) that spans the page
}

// field describes one form field: its input name, label, length limit, kind and
// the check of a non-empty value.
type field struct {
	name, label string
	max         int
	multiline   bool
	choice      []Option // a code from this vocabulary
	value       *string
	// norm is the field's own normalization (upper-case codes, bare phone
	// numbers), applied after trimming.
	norm func(string) string
	// check reports a problem of a non-empty, normalized value (after the length
	// and character checks passed).
	check func(v *apperr.Validation, f field, today time.Time)
}

// normalize trims a value: single-line values have runs of white space collapsed;
// multi-line values keep their line breaks (as \n) with each line trimmed on the
// right.
func (f field) normalize() {
	s := *f.value
	if f.multiline {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		*f.value = strings.TrimSpace(strings.Join(lines, "\n"))
		return
	}
	s = strings.Join(strings.Fields(s), " ")
	if f.norm != nil && s != "" {
		s = f.norm(s)
	}
	*f.value = s
}

// validate checks one field: required when complete, always the length, the
// characters and the field's own rule.
func (f field) validate(v *apperr.Validation, complete bool, today time.Time) {
	s := *f.value
	if s == "" {
		if complete {
			msg := fmt.Sprintf("请填写%s", f.label)
			if f.choice != nil {
				msg = fmt.Sprintf("请选择%s", f.label)
			}
			v.Add(f.name, "required", msg)
		}
		return
	}
	if utf8.RuneCountInString(s) > f.max {
		v.Add(f.name, "too_long", fmt.Sprintf("%s不能超过%d个字符", f.label, f.max))
		return
	}
	if !utf8.ValidString(s) {
		v.Add(f.name, "invalid_char", fmt.Sprintf("%s包含无效字符", f.label))
		return
	}
	for _, r := range s {
		if (unicode.IsControl(r) && (!f.multiline || r != '\n')) || r == '\uFFFD' {
			v.Add(f.name, "invalid_char", fmt.Sprintf("%s包含不允许的字符", f.label))
			return
		}
	}
	if f.choice != nil {
		if _, ok := labelOf(f.choice, s); !ok {
			v.Add(f.name, "unknown_choice", fmt.Sprintf("请从列表中选择%s", f.label))
		}
		return
	}
	if f.check != nil {
		f.check(v, f, today)
	}
}

// display is the value as shown: the label of a code, else the value.
func (f field) display() Field {
	out := Field{Name: f.name, Label: f.label, Value: *f.value, Display: *f.value, Wide: f.multiline}
	if f.choice != nil {
		if l, ok := labelOf(f.choice, *f.value); ok {
			out.Display = l
		}
	}
	return out
}

func normalizeAll(fs []field) {
	for _, f := range fs {
		f.normalize()
	}
}

func validateAll(v *apperr.Validation, fs []field, complete bool, today time.Time) {
	for _, f := range fs {
		f.validate(v, complete, today)
	}
}

func displayAll(fs []field) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		out[i] = f.display()
	}
	return out
}

// Field checks shared by both forms.

func checkMobile(v *apperr.Validation, f field, _ time.Time) {
	if !ValidMobile(*f.value) {
		v.Add(f.name, "mobile_invalid", "请输入11位手机号码")
	}
}

func checkPhone(v *apperr.Validation, f field, _ time.Time) {
	if !ValidPhone(*f.value) {
		v.Add(f.name, "phone_invalid", "请输入有效的电话号码，如 010-68412345 或手机号码")
	}
}

// stripPhone drops spaces and turns the separators people type (—, －, 转) into
// the one the rules know.
func stripPhone(s string) string {
	s = strings.NewReplacer(" ", "", "—", "-", "－", "-", "转", "-", "(", "", ")", "-", "（", "", "）", "-").Replace(s)
	return strings.TrimPrefix(strings.TrimPrefix(s, "+86-"), "+86")
}

func checkEmail(v *apperr.Validation, f field, _ time.Time) {
	if !ValidEmail(*f.value) {
		v.Add(f.name, "email_invalid", "请输入有效的邮箱地址")
	}
}

func checkPersonName(v *apperr.Validation, f field, _ time.Time) {
	if utf8.RuneCountInString(*f.value) < 2 {
		v.Add(f.name, "too_short", fmt.Sprintf("%s至少2个字符", f.label))
		return
	}
	for _, r := range *f.value {
		if !unicode.IsLetter(r) && r != ' ' && r != '·' && r != '•' && r != '.' {
			v.Add(f.name, "name_invalid_char", fmt.Sprintf("%s只能包含文字、空格和间隔号", f.label))
			return
		}
	}
}

func checkNoAngle(v *apperr.Validation, f field, _ time.Time) {
	if strings.ContainsAny(*f.value, "<>") {
		v.Add(f.name, "invalid_char", fmt.Sprintf("%s不能包含 < 或 >", f.label))
	}
}

// parseDay accepts 2024-03-01, 2024-3-1, 2024/03/01 and 2024.03.01.
func parseDay(s string) (time.Time, bool) {
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1-2", s)
	return t, err == nil
}

// parseMonth accepts 1990-05, 1990-5, 1990/05 and 1990.05.
func parseMonth(s string) (time.Time, bool) {
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	t, err := time.Parse("2006-1", s)
	return t, err == nil
}

func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
