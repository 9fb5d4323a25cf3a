package council_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
)

func TestFormsForLevels(t *testing.T) {
	t.Parallel()
	var none council.Requirements
	assert.Empty(t, none.FormsFor(member.LevelOrdinary))
	assert.Empty(t, none.FormsFor(member.LevelIndividual))
	assert.Equal(t, council.Kinds(), none.FormsFor(member.LevelCouncil), "both by default")
	assert.Equal(t, council.Kinds(), none.FormsFor(member.LevelPresident))
	r := council.Requirements{member.LevelCouncil: {council.Recommend}, member.LevelStandingCouncil: {},
		member.LevelOrdinary: {council.Recommend}}
	assert.Equal(t, []council.Kind{council.Recommend}, r.FormsFor(member.LevelCouncil))
	assert.Empty(t, r.FormsFor(member.LevelStandingCouncil))
	assert.Empty(t, r.FormsFor(member.LevelOrdinary), "普通会员 never needs any")
	assert.Equal(t, council.Kinds(), r.FormsFor(member.LevelVicePresident))
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if e := apperr.As(err); e != nil {
		for _, f := range e.Fields {
			out[f.Field] = f.Message
		}
	}
	return out
}

func TestCheckAppointment(t *testing.T) {
	t.Parallel()
	values, rows := council.Normalize(council.Appointment, map[string]string{"name": " 张伟 ", "work_date": "1990/07",
		"party_date": "1990-13", "school": "<b>", "ghost": "x"}, []council.Row{{Period: "1990.07—", Detail: ""}})
	assert.Equal(t, "张伟", values["name"])
	assert.Equal(t, "1990-07", values["work_date"])
	assert.NotContains(t, values, "ghost", "unknown keys dropped")
	assert.NoError(t, council.Check(council.Appointment, map[string]string{"name": "张伟"}, nil, false),
		"a draft needs nothing complete")
	got := fieldsOf(council.Check(council.Appointment, values, rows, true))
	assert.Equal(t, "请选择性别", got["gender"])
	assert.Equal(t, "请填写任免理由", got["reason"])
	assert.Contains(t, got["party_date"], "年-月")
	assert.Contains(t, got["school"], "不能包含")
	assert.Equal(t, "请填写第1行的工作单位及职务", got["rows.0.detail"])
	assert.NotContains(t, got, "work_date")
	many := make([]council.Row, council.MaxRows+1)
	for i := range many {
		many[i] = council.Row{Period: "2000", Detail: "x"}
	}
	assert.Equal(t, "简历最多填写15行", fieldsOf(council.Check(council.Appointment, values, many, false))["rows"])
}

func TestFormTransitions(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	var f council.Form
	require.NoError(t, f.Save(map[string]string{"name": "张伟"}, nil, false, now))
	assert.Equal(t, council.Draft, f.Status)
	assert.True(t, apperr.IsKind(f.Return("x", now), apperr.KindConflict), "a draft cannot be returned")
	assert.True(t, apperr.IsKind(f.Accept(now), apperr.KindConflict))
	require.NoError(t, f.Save(map[string]string{"name": "张伟"}, nil, true, now))
	assert.Equal(t, council.Submitted, f.Status)
	assert.True(t, apperr.IsKind(f.Save(nil, nil, false, now), apperr.KindConflict), "read-only once submitted")
	assert.Equal(t, "reason", apperr.As(f.Return("  ", now)).Fields[0].Field)
	require.NoError(t, f.Return("请补充", now))
	assert.True(t, f.Status.Editable())
	require.NoError(t, f.Save(map[string]string{"name": "张伟"}, nil, true, now.Add(time.Hour)))
	require.NoError(t, f.Accept(now))
	assert.True(t, f.Status.Complete())
	assert.Equal(t, "已确认", f.Status.Label())
	k, ok := council.ParseKind("appointment")
	assert.True(t, ok)
	assert.Equal(t, "理事会副会长干部任免表", k.Title())
	_, ok = council.ParseKind("../x")
	assert.False(t, ok)
}
