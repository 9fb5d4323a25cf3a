package council

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// Input is how a field is typed in.
type Input string

// The inputs.
const (
	Text     Input = "text"
	Area     Input = "textarea" // several lines
	Choice   Input = "select"   // one of Field.Options
	Month    Input = "month"    // 年月, kept as 2006-01
	Phone    Input = "tel"      // a landline or mobile number
	EmailBox Input = "email"
)

// Field is one field of a form: its key (the form and JSON name), label,
// input, whether it is required and its longest length in characters.
type Field struct {
	Key      string
	Label    string
	Input    Input
	Required bool
	Max      int
	Options  []string
	Hint     string
}

// MaxRows bounds a form's 工作经历 rows.
const MaxRows = 15

// Ethnic and political choices.
var (
	genders  = []string{"男", "女"}
	politics = []string{"中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"}
	monthRe  = regexp.MustCompile(`^(19|20)\d\d-(0[1-9]|1[0-2])$`)
)

// FieldsOf returns the fields of a form, in the order it prints them.
func FieldsOf(k Kind) []Field {
	person := []Field{
		{Key: "name", Label: "姓名", Input: Text, Required: true, Max: 30},
		{Key: "gender", Label: "性别", Input: Choice, Required: true, Options: genders},
		{Key: "birth", Label: "出生年月", Input: Month, Required: true, Hint: "如 1968-05"},
		{Key: "ethnicity", Label: "民族", Input: Text, Required: true, Max: 20},
	}
	if k == Appointment {
		return append(person,
			Field{Key: "native_place", Label: "籍贯", Input: Text, Required: true, Max: 50},
			Field{Key: "birthplace", Label: "出生地", Input: Text, Max: 50},
			Field{Key: "politics", Label: "政治面貌", Input: Choice, Required: true, Options: politics},
			Field{Key: "party_date", Label: "入党时间", Input: Month},
			Field{Key: "work_date", Label: "参加工作时间", Input: Month, Required: true},
			Field{Key: "health", Label: "健康状况", Input: Text, Max: 20},
			Field{Key: "title", Label: "专业技术职务", Input: Text, Max: 50},
			Field{Key: "expertise", Label: "熟悉专业有何专长", Input: Text, Max: 100},
			Field{Key: "education", Label: "学历学位", Input: Text, Required: true, Max: 50},
			Field{Key: "school", Label: "毕业院校系及专业", Input: Text, Required: true, Max: 100},
			Field{Key: "position", Label: "现任职务", Input: Text, Required: true, Max: 100},
			Field{Key: "proposed", Label: "拟任职务", Input: Text, Required: true, Max: 100},
			Field{Key: "proposed_removal", Label: "拟免职务", Input: Text, Max: 100},
			Field{Key: "rewards", Label: "奖惩情况", Input: Area, Max: 1000},
			Field{Key: "assessment", Label: "年度考核结果", Input: Text, Max: 200},
			Field{Key: "reason", Label: "任免理由", Input: Area, Required: true, Max: 1000},
		)
	}
	return append(person,
		Field{Key: "politics", Label: "政治面貌", Input: Choice, Required: true, Options: politics},
		Field{Key: "education", Label: "学历/学位", Input: Text, Required: true, Max: 50},
		Field{Key: "title", Label: "职称", Input: Text, Max: 50},
		Field{Key: "unit", Label: "工作单位", Input: Text, Required: true, Max: 100},
		Field{Key: "position", Label: "现任职务", Input: Text, Required: true, Max: 100},
		Field{Key: "phone", Label: "联系电话", Input: Phone, Required: true},
		Field{Key: "email", Label: "电子邮箱", Input: EmailBox},
		Field{Key: "honours", Label: "主要荣誉", Input: Area, Max: 1000},
		Field{Key: "opinion", Label: "推荐意见", Input: Area, Required: true, Max: 1000},
	)
}

// RowsLabel is the title of a form's rows.
func RowsLabel(k Kind) string {
	if k == Appointment {
		return "简历"
	}
	return "工作经历"
}

// Normalize trims the values (phones without spaces, email in lower case),
// drops keys the form does not have and empty rows.
func Normalize(k Kind, values map[string]string, rows []Row) (map[string]string, []Row) {
	out := map[string]string{}
	for _, f := range FieldsOf(k) {
		v := strings.TrimSpace(values[f.Key])
		switch f.Input {
		case Phone:
			v = strings.NewReplacer(" ", "", "—", "-", "－", "-").Replace(v)
		case EmailBox:
			v = strings.ToLower(v)
		case Month:
			v = strings.ReplaceAll(strings.ReplaceAll(v, ".", "-"), "/", "-")
		}
		if v != "" {
			out[f.Key] = v
		}
	}
	var kept []Row
	for _, r := range rows {
		r.Period, r.Detail = strings.TrimSpace(r.Period), strings.TrimSpace(r.Detail)
		if r.Period != "" || r.Detail != "" {
			kept = append(kept, r)
		}
	}
	return out, kept
}

// Check validates normalized values and rows, each problem a field-level
// Chinese message (rows: field rows.N.period / rows.N.detail, or rows). A
// draft (complete false) only has its values' shapes checked; a submission
// needs every required field and at least one row.
func Check(k Kind, values map[string]string, rows []Row, complete bool) error {
	var v apperr.Validation
	for _, f := range FieldsOf(k) {
		checkField(&v, f, values[f.Key], complete)
	}
	if len(rows) > MaxRows {
		v.Add("rows", "too_many", fmt.Sprintf("%s最多填写%d行", RowsLabel(k), MaxRows))
	} else if complete && len(rows) == 0 {
		v.Add("rows", "required", fmt.Sprintf("请至少填写一行%s", RowsLabel(k)))
	}
	for i, r := range rows {
		name := fmt.Sprintf("rows.%d.", i)
		switch {
		case r.Period == "" && complete:
			v.Add(name+"period", "required", fmt.Sprintf("请填写第%d行的起止年月", i+1))
		case utf8.RuneCountInString(r.Period) > 30:
			v.Add(name+"period", "too_long", fmt.Sprintf("第%d行的起止年月不能超过30个字符", i+1))
		}
		switch {
		case r.Detail == "" && complete:
			v.Add(name+"detail", "required", fmt.Sprintf("请填写第%d行的工作单位及职务", i+1))
		case utf8.RuneCountInString(r.Detail) > 100:
			v.Add(name+"detail", "too_long", fmt.Sprintf("第%d行的工作单位及职务不能超过100个字符", i+1))
		}
	}
	return v.Err()
}

func checkField(v *apperr.Validation, f Field, s string, complete bool) {
	if s == "" {
		if complete && f.Required {
			msg := fmt.Sprintf("请填写%s", f.Label)
			if f.Input == Choice {
				msg = fmt.Sprintf("请选择%s", f.Label)
			}
			v.Add(f.Key, "required", msg)
		}
		return
	}
	switch f.Input {
	case Choice:
		if !slices.Contains(f.Options, s) {
			v.Add(f.Key, "invalid_choice", fmt.Sprintf("请选择%s", f.Label))
		}
	case Month:
		if !monthRe.MatchString(s) {
			v.Add(f.Key, "month_invalid", fmt.Sprintf("%s请按“年-月”填写，如 1968-05", f.Label))
		}
	case Phone:
		if !application.ValidPhone(s) {
			v.Add(f.Key, "phone_invalid", "请输入有效的电话号码，如 010-68412345 或 13812345678")
		}
	case EmailBox:
		if !application.ValidEmail(s) {
			v.Add(f.Key, "email_invalid", "请输入有效的邮箱地址")
		}
	default:
		if utf8.RuneCountInString(s) > f.Max {
			v.Add(f.Key, "too_long", fmt.Sprintf("%s不能超过%d个字符", f.Label, f.Max))
		} else if strings.ContainsAny(s, "<>") {
			v.Add(f.Key, "invalid_char", fmt.Sprintf("%s不能包含 < 或 >", f.Label))
		}
	}
}
