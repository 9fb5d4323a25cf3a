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

func TestLevelsAndTiers(t *testing.T) {
	t.Parallel()
	l := member.DefaultLevels()
	require.NoError(t, l.Validate())
	assert.Equal(t, []member.Level{"普通会员", "理事", "常务理事", "副会长", "会长"}, l.Levels())
	assert.Equal(t, member.TierOrdinary, l.TierOf(member.LevelOrdinary))
	for _, lv := range []member.Level{"理事", "常务理事", "副会长", "会长"} {
		assert.Equal(t, member.TierCouncil, l.TierOf(lv), lv)
		assert.True(t, lv.IsCouncil(), lv)
	}
	assert.False(t, member.LevelOrdinary.IsCouncil())
	assert.False(t, member.LevelIndividual.IsCouncil())
	assert.Equal(t, l, member.LevelList(nil).OrDefault())

	_, err := l.ParseLevel("level", "名誉会长")
	assert.Equal(t, map[string]string{"level": "level_unknown"}, fieldCodes(err))
	assert.Contains(t, apperr.As(err).Fields[0].Message, "普通会员、理事、常务理事、副会长、会长")
	custom := member.LevelList{{Level: member.LevelOrdinary, Tier: member.TierOrdinary}, {Level: "名誉理事", Tier: member.TierOrdinary}}
	require.NoError(t, custom.Validate())
	assert.Equal(t, member.TierOrdinary, custom.TierOf("名誉理事"))
	bad := member.LevelList{{Level: "理事", Tier: member.TierCouncil}, {Level: "理事", Tier: "gold"}}
	assert.Equal(t, map[string]string{"levels": "ordinary_first"}, fieldCodes(bad.Validate()))
}

func TestChangeLevel(t *testing.T) {
	t.Parallel()
	m := activeMember(t)
	list := member.DefaultLevels()
	for _, c := range []struct {
		change member.LevelChange
		want   map[string]string
	}{
		{member.LevelChange{Level: "理事", DocNo: "中质协〔2020〕3号"}, map[string]string{"reason": "required"}},
		{member.LevelChange{Level: "理事", Reason: "理事会选举"}, map[string]string{"doc_no": "required"}},
		{member.LevelChange{Level: "总裁", DocNo: "3号", Reason: "x"}, map[string]string{"level": "level_unknown"}},
		{member.LevelChange{Level: "普通会员", DocNo: "3号", Reason: "x"}, map[string]string{"level": "level_unchanged"}},
	} {
		before := m.Snapshot()
		assert.Equal(t, c.want, fieldCodes(m.ChangeLevel(c.change, list, t0)), c.change)
		assert.Equal(t, before, m.Snapshot())
		assert.Empty(t, m.PullEvents())
	}
	require.NoError(t, m.ChangeLevel(member.LevelChange{Level: " 理事 ", DocNo: "中质协〔2020〕3号",
		Reason: "第五届理事会选举"}, list, t0))
	assert.Equal(t, member.LevelCouncil, m.Level())
	evs := m.PullEvents()
	require.Len(t, evs, 1)
	ev := evs[0].(member.LevelChanged)
	assert.Equal(t, member.LevelOrdinary, ev.From)
	assert.Equal(t, member.LevelCouncil, ev.To)
	assert.Equal(t, "中质协〔2020〕3号", ev.DocNo)

	ind := newMember(t, member.Individual)
	err := ind.ChangeLevel(member.LevelChange{Level: "理事", DocNo: "1", Reason: "x"}, list, t0)
	assert.Equal(t, member.ErrLevelNotEnterprise, apperr.As(err).Code)
	walk(t, m, "withdraw")
	err = m.ChangeLevel(member.LevelChange{Level: "会长", DocNo: "1", Reason: "x"}, list, t0)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
}

func TestSuspendReinstateAndWithdrawNeedReasons(t *testing.T) {
	t.Parallel()
	m := activeMember(t)
	assert.Equal(t, map[string]string{"reason": "required"}, fieldCodes(m.Suspend("  ", t0)))
	assert.Equal(t, map[string]string{"reason": "required"}, fieldCodes(m.Withdraw("", false, t0)))
	assert.Equal(t, member.StatusActive, m.Status())
	require.NoError(t, m.Suspend("拖欠会费", t0))
	assert.Equal(t, "拖欠会费", m.StatusReason())
	assert.Equal(t, map[string]string{"reason": "required"},
		fieldCodes(m.Reinstate("", t0, member.DefaultRenewalPolicy)))
	// Reinstated after the validity ended and the grace period passed: lapsed.
	require.NoError(t, m.Reinstate("已补缴", afterGrace, member.DefaultRenewalPolicy))
	assert.Equal(t, member.StatusLapsed, m.Status())
	assert.Empty(t, m.StatusReason())
	assert.Equal(t, []string{"member.membership_suspended", "member.membership_lapsed",
		"member.membership_reinstated"}, eventNames(m.PullEvents()))

	e := activeMember(t)
	require.NoError(t, e.Suspend("核查中", t0))
	near := time.Date(2020, 9, 10, 9, 0, 0, 0, time.UTC) // ten days before the end
	require.NoError(t, e.Reinstate("核查完毕", near, member.DefaultRenewalPolicy))
	assert.Equal(t, member.StatusExpiring, e.Status())

	require.NoError(t, e.Withdraw("经理事会决定", false, t0))
	assert.Equal(t, member.StatusWithdrawn, e.Status())
	assert.Equal(t, "经理事会决定", e.StatusReason())
}

func TestCheckVersion(t *testing.T) {
	t.Parallel()
	s := activeMember(t).Snapshot()
	s.Version = 4
	m := member.Restore(s)
	assert.NoError(t, m.CheckVersion(4))
	err := m.CheckVersion(3)
	assert.True(t, apperr.IsKind(err, apperr.KindConflict))
	assert.Equal(t, map[string]string{"version": member.ErrStaleVersion}, fieldCodes(err))
}

func TestEditByStaff(t *testing.T) {
	t.Parallel()
	m := activeMember(t)
	f := m.Application().Enterprise
	f.USCC = "91350100M000100Y44" // wrong check character
	before := m.Snapshot()
	_, err := m.EditByStaff(member.StaffEdit{Name: "测", Enterprise: &f}, t0)
	assert.Equal(t, map[string]string{"reason": "required", "name": "name_length", "uscc": "uscc_checksum"},
		fieldCodes(err))
	f = m.Application().Enterprise
	_, err = m.EditByStaff(member.StaffEdit{Name: m.Name(), Enterprise: &f, Reason: "核对"}, t0)
	assert.Equal(t, map[string]string{"reason": member.ErrNoChange}, fieldCodes(err))
	f.Address = ""
	_, err = m.EditByStaff(member.StaffEdit{Name: m.Name(), Enterprise: &f, Reason: "核对"}, t0)
	assert.Equal(t, map[string]string{"address": "required"}, fieldCodes(err), "a submitted form stays complete")
	assert.Equal(t, before, m.Snapshot())
	assert.Empty(t, m.PullEvents())

	f = m.Application().Enterprise
	f.Province, f.PostalCode = "31", "200000"
	changed, err := m.EditByStaff(member.StaffEdit{Name: "测试号集团有限公司", Enterprise: &f, Reason: "单位更名"}, t0)
	require.NoError(t, err)
	assert.Equal(t, []string{"名称", "所在省份", "邮政编码"}, changed)
	assert.Equal(t, "测试号集团有限公司", m.Name())
	assert.Equal(t, "测试号集团有限公司", m.Application().Enterprise.Name)
	assert.Equal(t, "上海市", m.Profile()["province"])
	assert.Equal(t, []string{"member.edited"}, eventNames(m.PullEvents()))

	fresh := newMember(t, member.Enterprise)
	form := membertest.EnterpriseForm("测试号")
	_, err = fresh.EditByStaff(member.StaffEdit{Name: "测试号", Enterprise: &form, Reason: "x"}, t0)
	assert.Equal(t, map[string]string{"form": member.ErrFormRequired}, fieldCodes(err))
	ind := application.IndividualForm{}
	_, err = fresh.EditByStaff(member.StaffEdit{Name: "测试号", Individual: &ind, Reason: "x"}, t0)
	assert.Equal(t, member.ErrFormKind, apperr.As(err).Code)
}

func TestEnterByStaff(t *testing.T) {
	t.Parallel()
	bad := member.Entry{Registration: member.Registration{Kind: member.Enterprise, Name: "1234", Email: "x"},
		Level: "总裁", Number: "AB12", ValidFrom: t0}
	assert.Equal(t, map[string]string{"name": "name_like_number", "email": "email_invalid", "level": "level_unknown",
		"number": "number_invalid", "valid_until": "validity_incomplete", "password": "required"},
		fieldCodes(bad.Validate(nil, t0)))

	form := membertest.EnterpriseForm("旧名")
	e := member.Entry{Registration: member.Registration{Kind: member.Enterprise, Name: "纸质入会有限公司",
		Email: "paper@example.com", PasswordHash: "h"}, Enterprise: &form, Level: "理事", Number: "19000001",
		ValidFrom: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), ValidUntil: time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC),
		DocNo: "中质协〔2019〕1号"}
	require.NoError(t, e.Validate(nil, t0))
	m := member.Enter(e, t0)
	assert.Equal(t, member.StatusActive, m.Status())
	assert.Equal(t, member.LevelCouncil, m.Level())
	assert.Equal(t, "19000001", m.Number())
	assert.Equal(t, "纸质入会有限公司", m.Application().Enterprise.Name)
	assert.Equal(t, "2019-12-31", m.ValidUntil().Format(time.DateOnly))
	assert.Equal(t, []string{"member.created"}, eventNames(m.PullEvents()))

	p := member.Entry{Registration: member.Registration{Kind: member.Individual, Name: "张三",
		Email: "z@example.com", PasswordHash: "h"}, Number: "gr190001"}
	require.NoError(t, p.Validate(nil, t0))
	ind := member.Enter(p, t0)
	assert.Equal(t, member.StatusApproved, ind.Status())
	assert.Equal(t, member.LevelIndividual, ind.Level())
	assert.Equal(t, "GR190001", ind.Number())
}
