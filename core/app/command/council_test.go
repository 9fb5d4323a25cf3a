package command_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/core/domain/member"
)

func (e *env) councilPorts(forms council.Requirements) command.CouncilPorts {
	return command.CouncilPorts{Members: e.store.Members(), Council: e.store.Council(), Tx: e.store.Transactor(),
		Authz: e.policy, Clock: e.clock, Audit: e.auditor(), Forms: forms}
}

func (e *env) councilQueries() query.CouncilPorts {
	return query.CouncilPorts{Members: e.store.Members(), Council: e.store.Council(), Authz: e.policy,
		Assoc: "中国质量协会"}
}

// councilMember stores an active enterprise raised to 理事.
func (e *env) councilMember(name string) *member.Member {
	e.t.Helper()
	m := e.member(member.Enterprise, name, member.StatusActive)
	require.NoError(e.t, e.store.Members().Update(e.ctx, m.ID(), func(_ context.Context, m *member.Member) error {
		return m.ChangeLevel(member.LevelChange{Level: member.LevelCouncil, DocNo: "质协〔2024〕8号", Reason: "理事会决议"},
			member.DefaultLevels(), e.clock.Now())
	}))
	return e.get(m.ID())
}

func recommendValues() (map[string]string, []council.Row) {
	return map[string]string{"name": "张伟", "gender": "男", "birth": "1968.05", "ethnicity": "汉族",
			"politics": "中共党员", "education": "研究生/硕士", "title": "高级工程师", "unit": "星河科技有限公司",
			"position": "总经理", "phone": "010-68412345", "email": "ZW@Example.com", "opinion": "同意推荐"},
		[]council.Row{{Period: "2010.09—至今", Detail: "星河科技有限公司 总经理"}, {}}
}

// A 理事 saves a draft, submits, the staff return it with a reason (audited,
// the member's event carries the council contact), the member edits and
// submits again, the staff accept it.
func TestCouncilFormLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.councilMember("星河科技有限公司")
	pr := apptest.MemberOf(m)
	save := command.NewSaveCouncilFormHandler(e.councilPorts(nil))
	id, err := save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend,
		Values: map[string]string{"name": "张伟"}})
	require.NoError(t, err, "a draft needs no complete form")
	page, err := query.NewCouncilPageHandler(e.councilQueries()).Handle(e.ctx, query.CouncilPage{Principal: pr})
	require.NoError(t, err)
	require.Len(t, page.Cards, 2, "理事 needs both forms by default")
	assert.Len(t, page.ToComplete(), 2)

	values, rows := recommendValues()
	again, err := save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend, Values: values,
		Rows: rows, Submit: true})
	require.NoError(t, err)
	assert.Equal(t, id, again, "one form per member and kind")
	f, err := e.store.Council().GetForm(e.ctx, id)
	require.NoError(t, err)
	assert.Equal(t, council.Submitted, f.Status)
	assert.Equal(t, "1968-05", f.Value("birth"), "normalized")
	assert.Equal(t, "zw@example.com", f.Value("email"))
	assert.Len(t, f.Rows, 1, "the empty row is dropped")
	_, err = save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend, Values: values,
		Rows: rows})
	assert.True(t, apperr.IsKind(err, apperr.KindConflict), "a submitted form is read-only: %v", err)

	require.NoError(t, command.NewSaveCouncilContactHandler(e.councilPorts(nil)).Handle(e.ctx,
		command.SaveCouncilContact{Principal: pr, Contact: council.Contact{Name: "李四", Title: "办公室主任",
			Phone: "010-68412345", Email: "Council@Example.com"}}))

	staff := apptest.StaffOf(access.RoleReviewer)
	review := command.NewReviewCouncilFormHandler(e.councilPorts(nil))
	err = review.Return(e.ctx, command.ReturnCouncilForm{Principal: staff, FormID: id, Reason: " "})
	assert.Equal(t, "reason", fieldOf(t, err))
	require.NoError(t, review.Return(e.ctx, command.ReturnCouncilForm{Principal: staff, FormID: id,
		Reason: "请补充主要荣誉"}))
	en := e.auditedOnce(audit.CouncilFormReturn, staff, m.ID())
	assert.Equal(t, "请补充主要荣誉", en.Reason)
	evs := e.store.Events()
	last, ok := evs[len(evs)-1].Event.(member.CouncilFormReturned)
	require.True(t, ok, "%T", evs[len(evs)-1].Event)
	assert.Equal(t, "council@example.com", last.ContactEmail, "council mail goes to the 联系人信息")
	page, err = query.NewCouncilPageHandler(e.councilQueries()).Handle(e.ctx, query.CouncilPage{Principal: pr})
	require.NoError(t, err)
	assert.Equal(t, "请补充主要荣誉", page.Cards[0].ReturnReason, "the member sees the reason")

	_, err = save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend, Values: values,
		Rows: rows, Submit: true})
	require.NoError(t, err, "editable again after the return")
	require.NoError(t, review.Accept(e.ctx, command.AcceptCouncilForm{Principal: staff, FormID: id}))
	e.auditedOnce(audit.CouncilFormAccept, staff, m.ID())
	err = review.Accept(e.ctx, command.AcceptCouncilForm{Principal: staff, FormID: id})
	assert.True(t, apperr.IsKind(err, apperr.KindConflict), "%v", err)
}

// Bad input: missing and malformed fields are each told on the field and
// nothing is stored; an ordinary member is refused (403); a finance account
// cannot return; another member's form ids are not found.
func TestCouncilFormBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.councilMember("星河科技有限公司")
	pr := apptest.MemberOf(m)
	save := command.NewSaveCouncilFormHandler(e.councilPorts(nil))
	_, err := save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend,
		Values: map[string]string{"birth": "1968年", "phone": "12", "gender": "未知"}, Submit: true})
	var ae *apperr.Error
	require.ErrorAs(t, err, &ae)
	fields := map[string]string{}
	for _, f := range ae.Fields {
		fields[f.Field] = f.Message
	}
	assert.Equal(t, "请填写姓名", fields["name"])
	assert.Contains(t, fields["birth"], "1968-05")
	assert.Contains(t, fields["phone"], "电话号码")
	assert.Equal(t, "请选择性别", fields["gender"])
	assert.Equal(t, "请至少填写一行工作经历", fields["rows"])
	forms, err := e.store.Council().MemberForms(e.ctx, m.ID())
	require.NoError(t, err)
	assert.Empty(t, forms, "nothing stored from a refused request")

	err = command.NewSaveCouncilContactHandler(e.councilPorts(nil)).Handle(e.ctx, command.SaveCouncilContact{
		Principal: pr, Contact: council.Contact{Name: "李四", Title: "主任", Phone: "010-68412345", Email: "bad"}})
	assert.Equal(t, "email", fieldOf(t, err))

	ordinary := e.member(member.Enterprise, "普通企业", member.StatusActive)
	_, err = save.Handle(e.ctx, command.SaveCouncilForm{Principal: apptest.MemberOf(ordinary), Kind: council.Recommend})
	require.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
	assert.Contains(t, err.Error(), "理事及以上")
	_, err = query.NewCouncilPageHandler(e.councilQueries()).Handle(e.ctx,
		query.CouncilPage{Principal: apptest.MemberOf(ordinary)})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)

	values, rows := recommendValues()
	id, err := save.Handle(e.ctx, command.SaveCouncilForm{Principal: pr, Kind: council.Recommend, Values: values,
		Rows: rows, Submit: true})
	require.NoError(t, err)
	other := e.councilMember("另一家理事单位")
	_, err = query.NewCouncilFormHandler(e.councilQueries()).Handle(e.ctx, query.CouncilForm{
		Principal: apptest.MemberOf(other), FormID: id})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "another member's form: %v", err)
	err = command.NewReviewCouncilFormHandler(e.councilPorts(nil)).Return(e.ctx, command.ReturnCouncilForm{
		Principal: apptest.StaffOf(access.RoleFinance), FormID: id, Reason: "x"})
	assert.True(t, apperr.IsKind(err, apperr.KindForbidden), "%v", err)
	assert.Equal(t, 0, e.auditCount())
}

// The configuration decides which forms a level needs: 理事 the
// recommendation only, so the appointment form is not its business.
func TestCouncilFormsFromConfiguration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	m := e.councilMember("星河科技有限公司")
	forms := council.Requirements{member.LevelCouncil: {council.Recommend}}
	q := e.councilQueries()
	q.Forms = forms
	page, err := query.NewCouncilPageHandler(q).Handle(e.ctx, query.CouncilPage{Principal: apptest.MemberOf(m)})
	require.NoError(t, err)
	require.Len(t, page.Cards, 1)
	assert.Equal(t, council.Recommend, page.Cards[0].Kind)
	_, err = command.NewSaveCouncilFormHandler(e.councilPorts(forms)).Handle(e.ctx, command.SaveCouncilForm{
		Principal: apptest.MemberOf(m), Kind: council.Appointment})
	assert.True(t, apperr.IsKind(err, apperr.KindNotFound), "%v", err)
}
