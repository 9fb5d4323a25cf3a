package member

import (
	"maps"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
)

// ErrNoChange is the code of a staff edit that changes nothing.
const ErrNoChange = "no_change"

// StaffEdit is a change of the member's data by the staff (编辑资料): the
// account's name and the application form of the member's kind (nil: left as
// it is), with the reason the staff gives. The login email is not part of it
// (it changes with a confirmation to the new address).
type StaffEdit struct {
	Name       string
	Enterprise *application.EnterpriseForm
	Individual *application.IndividualForm
	Reason     string
}

// ProfileFields are the editable fields of a member of the kind with their
// labels, in form order: the account's name, then the form's fields.
func ProfileFields(kind Kind) [][2]string {
	out := [][2]string{{"name", "名称"}}
	var fs []application.Field
	if kind == Individual {
		fs = application.IndividualForm{}.Fields()
	} else {
		fs = application.EnterpriseForm{}.Fields()
	}
	for _, f := range fs {
		if f.Name != "name" {
			out = append(out, [2]string{f.Name, f.Label})
		}
	}
	return out
}

// Profile returns the member's editable values as field → shown value (a
// code's label), for the audit log's before → after.
func (m *Member) Profile() map[string]string {
	out := map[string]string{"name": m.name}
	var fs []application.Field
	if m.kind == Individual {
		fs = m.application.Individual.Fields()
	} else {
		fs = m.application.Enterprise.Fields()
	}
	for _, f := range fs {
		if f.Name != "name" {
			out[f.Name] = f.Display
		}
	}
	return out
}

// EditByStaff applies a staff edit: the name with the registration's rule,
// the form with the member's own form's rules (complete once it was
// submitted). It returns the labels of the changed fields and records
// Edited; an edit that changes nothing is refused (ErrNoChange), and so
// is a form for a member that has not filled one in. A unique name is the
// repository's to enforce.
func (m *Member) EditByStaff(e StaffEdit, now time.Time) ([]string, error) {
	var v apperr.Validation
	reason := validateReason(&v, e.Reason)
	name := NormalizeName(e.Name)
	CheckName(&v, "name", m.kind, name)
	if (m.kind == Individual && e.Enterprise != nil) || (m.kind == Enterprise && e.Individual != nil) {
		return nil, apperr.New(apperr.KindInvalid, ErrFormKind, "申请信息与会员类型不符")
	}
	formGiven := e.Enterprise != nil || e.Individual != nil
	if formGiven && !m.application.Started() {
		v.Add("form", ErrFormRequired, "该会员尚未填写入会申请表，不能代为修改申请信息")
	}
	app := m.application
	complete := !app.SubmittedAt.IsZero()
	if e.Enterprise != nil {
		f := *e.Enterprise
		f.Name = name
		f.Normalize()
		f.Validate(&v, complete, now)
		app.Enterprise = f
	}
	if e.Individual != nil {
		f := *e.Individual
		f.Name = name
		f.Normalize()
		f.Validate(&v, complete, now)
		app.Individual = f
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	before := m.Profile()
	wasName, wasApp := m.name, m.application
	m.name = name
	if app.Started() {
		if m.kind == Individual {
			app.Individual.Name = name
		} else {
			app.Enterprise.Name = name
		}
	}
	m.application = app
	changed := changedLabels(m.kind, before, m.Profile())
	if len(changed) == 0 {
		m.name, m.application = wasName, wasApp
		var u apperr.Validation
		u.Add("reason", ErrNoChange, "资料没有任何修改，未保存")
		return nil, u.Err()
	}
	m.updatedAt = now
	m.Record(Edited{Base: m.base(now), Reason: reason, Fields: changed})
	return changed, nil
}

// changedLabels lists the labels of the fields whose values differ.
func changedLabels(kind Kind, before, after map[string]string) []string {
	if maps.Equal(before, after) {
		return nil
	}
	var out []string
	for _, f := range ProfileFields(kind) {
		if before[f[0]] != after[f[0]] {
			out = append(out, f[1])
		}
	}
	return out
}
