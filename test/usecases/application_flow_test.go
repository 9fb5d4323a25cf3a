package usecases_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// TestEnterpriseApplicationFromDraftToApproval walks the whole enterprise path:
// draft, complete form, PDF, scan, tick, submit, rejection, resubmission,
// approval with a member number — with the notifications and emails of each step.
func TestEnterpriseApplicationFromDraftToApproval(t *testing.T) {
	t.Parallel()
	env, clock, pdf := newAppEnv(t, time.Date(2019, 9, 21, 10, 0, 0, 0, cst))
	env.RegisterMember(t, "enterprise", "测试号", "boss@example.com", "abc123")
	p := env.LoginMember(t, "测试号", "abc123")
	env.CreateStaff(t, "reviewer1", "reviewer", "staff12345")
	staff := env.LoginStaff(t, "reviewer1", "staff12345")

	v, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, "测试号", v.Enterprise.Name, "单位名称 is pre-filled from the account")
	assert.Equal(t, 2, v.Step)
	assert.False(t, v.FormStarted)
	assert.False(t, v.CanSubmit)
	assert.True(t, v.CanEdit)
	assert.True(t, v.NeedsScan)

	// A partial draft.
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p,
		Enterprise: &application.EnterpriseForm{Name: "测试号", USCC: " 91350100m000100y43 "}}))
	v, err = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, member.StatusDraft, v.Status)
	assert.Equal(t, "91350100M000100Y43", v.Enterprise.USCC)
	assert.Equal(t, 2, v.Step)
	_, err = env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: p})
	requireKindCode(t, err, apperr.KindConflict, member.ErrFormIncomplete, "no PDF of an incomplete form")

	// 「下一步」 with the complete form: step ③, the PDF.
	form := membertest.EnterpriseForm("测试号")
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p,
		Enterprise: &form, RequireComplete: true}))
	v, err = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, 3, v.Step)
	assert.Equal(t, []apperr.FieldError{{Field: "scan", Code: "scan_required", Message: "请上传盖章后的入会申请表扫描件"}}, v.Missing)
	dash, err := env.App.Queries.MemberDashboard.Handle(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, 3, dash.Step)

	doc, err := env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, "application/pdf", doc.ContentType)
	assert.Equal(t, "中国质量协会单位会员入会申请表-测试号.pdf", doc.FileName)
	assert.Equal(t, "%PDF-1.4 fake", string(doc.Content))
	printed := pdf.last()
	assert.Equal(t, "中国质量协会单位会员入会申请表", printed.Title)
	assert.Equal(t, "测试号", printed.Subtitle)
	rows := map[string]string{}
	for _, s := range printed.Sections {
		for _, r := range s.Rows {
			rows[s.Title+"/"+r.Label] = r.Value
		}
	}
	assert.Equal(t, "91350100M000100Y43", rows["企业信息/统一社会信用代码"])
	assert.Equal(t, "制造业", rows["企业信息/所属行业"], "codes are printed as their labels")
	assert.Equal(t, "北京市", rows["企业信息/所在省份"])
	assert.Equal(t, "民营企业", rows["企业信息/单位性质"])
	assert.Equal(t, "王建国", rows["法定代表人/姓名"])
	assert.Equal(t, "13812345678", rows["第一联系人/手机"])
	assert.Contains(t, rows["单位简介/"], "精密仪器", "单位简介 printed once: the section names it, the row has no label")
	assert.Contains(t, printed.Signatures, "单位盖章：")

	// The scan: a PNG named .jpg is fine.
	require.NoError(t, upload(env, p, "盖章.jpg", membershiptest.PNG(t, 60, 40)))
	v, err = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	require.NoError(t, err)
	require.NotNil(t, v.Scan)
	assert.Equal(t, application.ContentTypePNG, v.Scan.ContentType)
	assert.Equal(t, "盖章.jpg", v.Scan.FileName)
	assert.True(t, v.CanSubmit)

	// Without the tick: refused, nothing changes.
	err = env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p})
	requireInvalid(t, err, map[string]string{"confirm_stamped": "confirm_required"})
	v, _ = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Equal(t, member.StatusDraft, v.Status)

	clock.Advance(time.Hour)
	require.NoError(t, env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p, ConfirmStamped: true}))
	notes := waitNotifications(t, env, p, 1)
	assert.Equal(t, "企业【测试号】的入会申请资料已提交，请等待工作人员审核", notes[0].Text)
	env.Mailbox.WaitFor(t, "boss@example.com", "入会申请已提交", 10*time.Second)
	v, _ = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Equal(t, 4, v.Step)
	assert.False(t, v.CanEdit)
	err = env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &form})
	requireKindCode(t, err, apperr.KindConflict, member.ErrTransition, "no edits while under review")

	// The reviewer's queue, the detail and the scan.
	page, err := env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: staff})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "测试号", page.Items[0].Name)
	assert.Equal(t, "制造业", page.Items[0].IndustryLabel)
	assert.Equal(t, "北京市", page.Items[0].ProvinceLabel)
	assert.True(t, page.Items[0].HasScan)
	assert.Equal(t, 1, page.Counts.Submitted)
	detail, err := env.App.Queries.ApplicationDetail.Handle(ctx, query.ApplicationDetail{Principal: staff, MemberID: p.ID})
	require.NoError(t, err)
	assert.True(t, detail.CanReview)
	assert.Equal(t, "中国质量协会单位会员入会申请表", detail.Document.Title)
	scan, err := env.App.Queries.ApplicationScan.Handle(ctx, query.ApplicationScan{Principal: staff, MemberID: p.ID})
	require.NoError(t, err)
	body, err := io.ReadAll(scan.Body)
	require.NoError(t, scan.Body.Close())
	require.NoError(t, err)
	assert.Equal(t, membershiptest.PNG(t, 60, 40), body)
	assert.Equal(t, "image/png", scan.ContentType)

	// Rejection: a reason is required; the member sees it.
	err = env.App.Commands.RejectApplication.Handle(ctx, command.RejectApplication{Principal: staff, MemberID: p.ID, Reason: "  "})
	requireInvalid(t, err, map[string]string{"reason": "required"})
	clock.Advance(time.Hour)
	require.NoError(t, env.App.Commands.RejectApplication.Handle(ctx, command.RejectApplication{Principal: staff,
		MemberID: p.ID, Reason: "盖章不清晰"}))
	notes = waitNotifications(t, env, p, 2)
	assert.Equal(t, "企业【测试号】的入会申请资料未通过审核，原因：盖章不清晰，请修改后重新提交", notes[0].Text)
	mail := env.Mailbox.WaitFor(t, "boss@example.com", "入会申请未通过审核", 10*time.Second)
	assert.Contains(t, mail.Text, "盖章不清晰")
	v, _ = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.Equal(t, member.StatusRejected, v.Status)
	assert.Equal(t, "盖章不清晰", v.RejectReason)
	assert.True(t, v.CanEdit)

	// A new scan replaces the old file; then resubmit.
	old := scanFiles(t, env, p.ID)
	require.Len(t, old, 1)
	require.NoError(t, upload(env, p, "清晰版.jpg", membershiptest.JPEG(t, 80, 60)))
	now := scanFiles(t, env, p.ID)
	require.Len(t, now, 1, "the replaced scan was deleted")
	assert.NotEqual(t, old, now)
	clock.Advance(time.Hour)
	require.NoError(t, env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p, ConfirmStamped: true}))

	// Approval: the number, the notification and email with the manual's wording.
	clock.Advance(time.Hour)
	number, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: staff, MemberID: p.ID})
	require.NoError(t, err)
	assert.Equal(t, "19000001", number)
	notes = waitNotifications(t, env, p, 4)
	assert.Equal(t, "企业【测试号】的入会申请资料已通过, 会员号: 19000001", notes[0].Text)
	mail = env.Mailbox.WaitFor(t, "boss@example.com", "入会申请审核通过", 10*time.Second)
	assert.Contains(t, mail.Text, "19000001")

	// Approving twice: a clear conflict, nothing changes.
	_, err = env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: staff, MemberID: p.ID})
	requireKindCode(t, err, apperr.KindConflict, member.ErrAlreadyApproved)
	assert.Contains(t, apperr.As(err).Message, "该入会申请已审核通过（会员号：19000001），不能重复审核")
	err = env.App.Commands.RejectApplication.Handle(ctx, command.RejectApplication{Principal: staff, MemberID: p.ID, Reason: "x"})
	requireKindCode(t, err, apperr.KindConflict, member.ErrTransition)

	dash, err = env.App.Queries.MemberDashboard.Handle(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, "19000001", dash.Number)
	assert.Equal(t, member.StatusApproved, dash.Status)
	assert.Equal(t, 4, dash.Step)
	assert.Equal(t, 4, dash.UnreadNotifications)
	require.Len(t, dash.Notifications, 4)
	assert.Equal(t, notes[0].Text, dash.Notifications[0].Text)

	page, err = env.App.Queries.ReviewQueue.Handle(ctx, query.ReviewQueue{Principal: staff, Status: member.StatusApproved})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, "19000001", page.Items[0].Number)
	assert.Equal(t, 0, page.Counts.Submitted)
	assert.Equal(t, 1, page.Counts.Approved)

	// The member logs in with the number; every notification and email came once.
	env.LoginMember(t, "19000001", "abc123")
	time.Sleep(200 * time.Millisecond)
	assert.Len(t, waitNotifications(t, env, p, 4), 4)
	for _, subject := range []string{"入会申请已提交", "入会申请未通过审核", "入会申请审核通过"} {
		want := 1
		if subject == "入会申请已提交" {
			want = 2
		}
		assert.Equal(t, want, mailsWith(t, env, "boss@example.com", subject), subject)
	}

	// Notifications read.
	n, err := env.App.Commands.MarkNotificationsRead.Handle(ctx, command.MarkNotificationsRead{Principal: p,
		IDs: []string{notes[0].ID}})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	dash, _ = env.App.Queries.MemberDashboard.Handle(ctx, p)
	assert.Equal(t, 3, dash.UnreadNotifications)
	n, err = env.App.Commands.MarkNotificationsRead.Handle(ctx, command.MarkNotificationsRead{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	dash, _ = env.App.Queries.MemberDashboard.Handle(ctx, p)
	assert.Zero(t, dash.UnreadNotifications)
	assert.True(t, strings.HasPrefix(dash.Notifications[0].Text, "企业【测试号】"))
}

func TestIndividualApplication(t *testing.T) {
	t.Parallel()
	env, clock, pdf := newAppEnv(t, time.Date(2019, 5, 1, 9, 0, 0, 0, cst))
	env.RegisterMember(t, "individual", "张三", "zhang@example.com", "abc123")
	p := env.LoginMember(t, "张三", "abc123")
	admin := membershiptest.StaffPrincipal(env.CreateStaff(t, "admin1", "admin", "staff12345"), "admin")

	v, err := env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, "张三", v.Individual.Name)
	assert.Equal(t, "zhang@example.com", v.Individual.Email)
	assert.False(t, v.NeedsScan)

	// An enterprise form from an individual, a wrong ID check digit: refused, nothing stored.
	ent := membertest.EnterpriseForm("张三公司")
	err = env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Enterprise: &ent})
	requireKindCode(t, err, apperr.KindInvalid, member.ErrFormKind)
	bad := membertest.IndividualForm("张三", "zhang@example.com")
	bad.IDNumber = "110105194912310021"
	err = env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Individual: &bad})
	requireInvalid(t, err, map[string]string{"id_number": "id_number_checksum"})
	v, _ = env.App.Queries.MemberApplication.Handle(ctx, query.MemberApplication{Principal: p})
	assert.False(t, v.FormStarted, "nothing was stored")
	assert.Equal(t, member.StatusRegistered, v.Status)

	err = env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p})
	requireKindCode(t, err, apperr.KindConflict, member.ErrTransition, "nothing to submit yet")

	good := membertest.IndividualForm("张三", "zhang@example.com")
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Individual: &good}))
	err = upload(env, p, "a.png", membershiptest.PNG(t, 10, 10))
	requireKindCode(t, err, apperr.KindInvalid, member.ErrScanNotNeeded)
	assert.Empty(t, scanFiles(t, env, p.ID))

	doc, err := env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: p})
	require.NoError(t, err)
	assert.Equal(t, "中国质量协会个人会员入会申请表-张三.pdf", doc.FileName)
	assert.Equal(t, "中国质量协会个人会员入会申请表", pdf.last().Title)

	require.NoError(t, env.App.Commands.SubmitApplication.Handle(ctx, command.SubmitApplication{Principal: p}),
		"individuals need neither scan nor tick")
	clock.Advance(time.Minute)
	number, err := env.App.Commands.ApproveApplication.Handle(ctx, command.ApproveApplication{Principal: admin, MemberID: p.ID})
	require.NoError(t, err)
	assert.Equal(t, "GR190001", number)
	notes := waitNotifications(t, env, p, 2)
	assert.Equal(t, "个人会员【张三】的入会申请资料已通过, 会员号: GR190001", notes[0].Text)
	assert.Equal(t, "个人会员【张三】的入会申请资料已提交，请等待工作人员审核", notes[1].Text)
	env.Mailbox.WaitFor(t, "zhang@example.com", "入会申请审核通过", 10*time.Second)
}
