package member_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

func fieldCodes(err error) map[string]string {
	out := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestEnterpriseApplicationNeedsScanAndTick(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	m.PullEvents()
	assert.Equal(t, 2, m.JoinStep())

	// A partial draft is fine; submitting it names what is missing.
	require.NoError(t, m.SaveEnterpriseForm(application.EnterpriseForm{Name: "测试号"}, false, t0))
	assert.Equal(t, member.StatusDraft, m.Status())
	assert.Equal(t, 2, m.JoinStep(), "an incomplete form stays on step 2")
	err := m.Submit(true, t0)
	got := fieldCodes(err)
	assert.Equal(t, "required", got["uscc"])
	assert.Equal(t, "scan_required", got["scan"])
	assert.NotContains(t, got, "confirm_stamped")

	// 「下一步」 refuses an incomplete form and keeps the stored draft.
	err = m.SaveEnterpriseForm(application.EnterpriseForm{Name: "测试号2"}, true, t0)
	assert.True(t, apperr.IsKind(err, apperr.KindInvalid))
	assert.Equal(t, "测试号", m.Application().Enterprise.Name)

	// No scan before the form is complete.
	_, err = m.AttachScan(membertest.Scan(m), t0)
	assert.Equal(t, member.ErrFormIncomplete, apperr.As(err).Code)

	require.NoError(t, m.SaveEnterpriseForm(membertest.EnterpriseForm("测试号"), true, t0))
	assert.Equal(t, 3, m.JoinStep(), "a complete enterprise form moves to 打印盖章并上传")
	assert.Equal(t, map[string]string{"scan": "scan_required", "confirm_stamped": "confirm_required"},
		fieldCodes(m.Submit(false, t0)))

	replaced, err := m.AttachScan(membertest.Scan(m), t0)
	require.NoError(t, err)
	assert.Empty(t, replaced)
	assert.Equal(t, map[string]string{"confirm_stamped": "confirm_required"}, fieldCodes(m.Submit(false, t0)))
	assert.Empty(t, m.PullEvents(), "refused submissions record nothing")
	assert.Equal(t, member.StatusDraft, m.Status())

	second := membertest.Scan(m)
	second.Key += "2"
	replaced, err = m.AttachScan(second, t0.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, membertest.Scan(m).Key, replaced, "the replaced file is handed back for deletion")

	require.NoError(t, m.Submit(true, t0.Add(time.Hour)))
	assert.Equal(t, member.StatusSubmitted, m.Status())
	assert.True(t, m.Application().ConfirmedStamped)
	assert.Equal(t, t0.Add(time.Hour), m.Application().SubmittedAt)
	assert.Equal(t, []string{"member.application_submitted"}, eventNames(m.PullEvents()))

	// Once submitted, nothing can be changed.
	assert.True(t, apperr.IsKind(m.SaveEnterpriseForm(membertest.EnterpriseForm("测试号"), false, t0), apperr.KindConflict))
	_, err = m.AttachScan(second, t0)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
}

func TestChangedFormDetachesTheScan(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	f := membertest.EnterpriseForm("测试号")
	require.NoError(t, m.SaveEnterpriseForm(f, true, t0))
	_, err := m.AttachScan(membertest.Scan(m), t0)
	require.NoError(t, err)

	require.NoError(t, m.SaveEnterpriseForm(f, true, t0), "saving the same form")
	assert.True(t, m.Application().Scan.Present(), "an unchanged form keeps the scan")

	f.Address = "北京市西城区月坛北小街3号"
	require.NoError(t, m.SaveEnterpriseForm(f, true, t0))
	assert.False(t, m.Application().Scan.Present(), "the stamped scan shows the old address")
}

func TestIndividualApplicationNeedsNoScan(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Individual)
	assert.Equal(t, member.ErrFormKind, apperr.As(m.SaveEnterpriseForm(membertest.EnterpriseForm("x公司"), false, t0)).Code)
	require.NoError(t, m.SaveIndividualForm(application.IndividualForm{Name: "张三"}, false, t0))
	assert.Equal(t, "required", fieldCodes(m.Submit(false, t0))["id_number"])
	require.NoError(t, m.SaveIndividualForm(membertest.IndividualForm("张三", "z@example.com"), true, t0))
	assert.Equal(t, 2, m.JoinStep(), "individuals have no step 3")
	_, err := m.AttachScan(membertest.Scan(m), t0)
	assert.Equal(t, member.ErrScanNotNeeded, apperr.As(err).Code)
	require.NoError(t, m.Submit(false, t0), "no tick needed")
	assert.False(t, m.Application().ConfirmedStamped)
	assert.Equal(t, 4, m.JoinStep())
}

func TestSubmitWithoutAFormAndApprovingTwice(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	assert.True(t, apperr.IsKind(m.Submit(true, t0), apperr.KindConflict), "registered: nothing to submit")

	require.NoError(t, membertest.Approve(m, "19141263", t0))
	assert.Equal(t, t0, m.Application().ApprovedAt)
	before := m.Snapshot()
	err := m.Approve("19141264", t0)
	e := apperr.As(err)
	assert.Equal(t, apperr.KindConflict, e.Kind)
	assert.Equal(t, member.ErrAlreadyApproved, e.Code)
	assert.Contains(t, e.Message, "19141263")
	assert.Contains(t, e.Message, "不能重复审核")
	assert.Equal(t, before, m.Snapshot())

	// A rejected application cannot be approved before it is resubmitted.
	r := newMember(t, member.Individual)
	require.NoError(t, membertest.Submit(r, t0))
	require.NoError(t, r.Reject("证件号码有误", t0))
	assert.Equal(t, t0, r.Application().RejectedAt)
	err = r.Approve("GR190001", t0)
	assert.Equal(t, member.ErrTransition, apperr.As(err).Code)
	require.NoError(t, r.Submit(false, t0), "resubmitting after a rejection")
	require.NoError(t, r.Approve("GR190001", t0))
}

func TestSnapshotKeepsTheApplication(t *testing.T) {
	t.Parallel()
	m := newMember(t, member.Enterprise)
	require.NoError(t, membertest.Submit(m, t0))
	back := member.Restore(m.Snapshot())
	assert.Equal(t, m.Application(), back.Application())
	assert.Equal(t, "91350100M000100Y43", back.Application().Enterprise.USCC)
}
