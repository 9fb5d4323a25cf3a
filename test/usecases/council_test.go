package usecases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/council"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// 完善理事资料 through the whole module: a member raised to 理事 completes the
// recommendation and saves its 联系人信息; a reviewer returns the form; the
// member is told in the portal and by email, and the email goes to the
// council contact too (「…为邮件推送的联系人」); the return is in the audit log
// and on the member's timeline.
func TestCouncilReturnMailsTheCouncilContact(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	p := env.ApprovedMember(t, "enterprise", "理事用例科技有限公司", "council-uc@example.com")
	sec := env.CreateStaff(t, "sec-uc", "secretariat", "staff12345")
	require.NoError(t, env.App.Commands.ChangeMemberLevel.Handle(ctx, command.ChangeMemberLevel{
		Principal: access.Principal{Kind: access.PrincipalStaff, ID: sec, Role: access.RoleSecretariat},
		MemberID:  p.ID, Level: "理事", DocNo: "质协〔2024〕8号", Reason: "理事会决议"}))

	values := map[string]string{"name": "张伟", "gender": "男", "birth": "1968-05", "ethnicity": "汉族",
		"politics": "中共党员", "education": "研究生/硕士", "unit": "理事用例科技有限公司", "position": "总经理",
		"phone": "010-68412345", "opinion": "同意推荐"}
	id, err := env.App.Commands.SaveCouncilForm.Handle(ctx, command.SaveCouncilForm{Principal: p,
		Kind: council.Recommend, Values: values, Rows: []council.Row{{Period: "2010—", Detail: "总经理"}}, Submit: true})
	require.NoError(t, err)
	require.NoError(t, env.App.Commands.SaveCouncilContact.Handle(ctx, command.SaveCouncilContact{Principal: p,
		Contact: council.Contact{Name: "李四", Title: "办公室主任", Phone: "010-68412399",
			Email: "council-contact@example.com"}}))

	rid := env.CreateStaff(t, "reviewer-uc", "reviewer", "staff12345")
	rev := access.Principal{Kind: access.PrincipalStaff, ID: rid, Role: access.RoleReviewer}
	require.NoError(t, env.App.Commands.ReviewCouncilForm.Return(ctx, command.ReturnCouncilForm{Principal: rev,
		FormID: id, Reason: "请补充主要荣誉"}))

	mail := env.Mailbox.WaitFor(t, "council-contact@example.com", "《理事会副会长候选人推荐登记表》已退回", 10*time.Second)
	assert.Contains(t, mail.To, "council-uc@example.com", "the member's own address too")
	assert.Contains(t, mail.Text, "退回原因：请补充主要荣誉")
	assert.Contains(t, mail.Text, "/member/council")
	notes := waitNotifications(t, env, p, 4)
	assert.True(t, strings.Contains(notes[0].Text, "请补充主要荣誉"), notes[0].Text)

	entries, _, err := env.Module.Ports().Audit.List(ctx, ports.AuditQuery{Action: audit.CouncilFormReturn})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, rid, entries[0].StaffID)
	assert.Equal(t, p.ID, entries[0].MemberID)

	page, err := env.App.Queries.CouncilPage.Handle(ctx, query.CouncilPage{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, "请补充主要荣誉", page.Cards[0].ReturnReason)
	assert.Len(t, page.ToComplete(), 2, "the returned form is 待完善 again")
}
