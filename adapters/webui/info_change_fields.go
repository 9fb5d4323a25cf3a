package webui

import (
	"strings"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/infochange"
)

// profileFieldViews are the inputs of a member's data (the name, then the
// form's fields of its kind): selects over the form's vocabularies, text
// areas for the long texts, text inputs for the rest — 编辑资料's and
// 信息变更's form.
func profileFieldViews(f *form, nameLabel string, fields []application.Field,
	opts query.ApplicationOptions) []fieldView {
	out := []fieldView{newField(f, "name", nameLabel, "text", "", "required", "maxlength=100")}
	choices := map[string][]application.Option{"ownership": opts.OwnershipTypes, "industry": opts.Industries,
		"province": opts.Provinces, "employees": opts.EmployeeRanges, "gender": opts.Genders,
		"education": opts.Educations}
	for _, fl := range fields {
		switch {
		case fl.Name == "name":
		case choices[fl.Name] != nil:
			out = append(out, newChoice(f, fl.Name, fl.Label, choices[fl.Name], "请选择"))
		case fl.Wide:
			out = append(out, newField(f, fl.Name, fl.Label, "textarea", "", "rows=4"))
		default:
			out = append(out, newField(f, fl.Name, fl.Label, "text", ""))
		}
	}
	return out
}

// infoChangeTone is the tone of a request's status tag (status_tone.go's scheme).
func infoChangeTone(s infochange.Status) string {
	switch s {
	case infochange.Approved:
		return toneDone
	case infochange.Rejected:
		return toneFailed
	case infochange.Pending:
		return toneProgress
	}
	return toneWaiting
}

// infoChangeRow is one request as the lists show it.
type infoChangeRow struct {
	infochange.Request
	StatusLabel string
	Tone        string
	Fields      string // the changed fields' labels, 、-separated
}

func infoChangeRowOf(r infochange.Request) infoChangeRow {
	return infoChangeRow{Request: r, StatusLabel: r.Status.Label(), Tone: infoChangeTone(r.Status),
		Fields: strings.Join(r.ChangedLabels(), "、")}
}
