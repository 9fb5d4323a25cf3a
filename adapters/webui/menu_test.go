package webui

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/access"
)

// askerFunc answers the menus' questions with a function.
type askerFunc func(p access.Principal, a access.Action) (bool, error)

func (f askerFunc) Can(p access.Principal, a access.Action) (bool, error) { return f(p, a) }

// TestBuildMenusAsksTheCore: every entry is shown as the core answers for a
// logged-in principal of the role (members on the portal, staff in the back
// office); a guest has no menu, and a core that cannot answer stops the start.
func TestBuildMenusAsksTheCore(t *testing.T) {
	t.Parallel()
	var asked []access.Principal
	m, err := buildMenus(askerFunc(func(p access.Principal, a access.Action) (bool, error) {
		asked = append(asked, p)
		return a != access.PayOwnFees && a != access.ConfirmPayment &&
			a != access.ReadOwnInvoices && a != access.ListInvoices && a != access.EditOwnContacts &&
			a != access.RequestOwnInfoChange && a != access.ReviewInfoChange && // 信息变更: tested in info_change_test
			a != access.EditOwnCouncil && a != access.ReviewCouncilForm && a != access.MarkRefunded &&
			a != access.ReadOwnCard && a != access.ReadOwnCertificate &&
			a != access.SubmitOwnArticle && a != access.ReviewSubmission, nil
	}))
	require.NoError(t, err)
	assert.NotContains(t, m, access.RoleGuest)
	for _, p := range asked {
		assert.Equal(t, p.Role.IsStaff(), p.IsStaff(), "%+v", p)
		assert.True(t, p.IsMember() || p.IsStaff(), "%+v", p)
	}
	labels := func(links []menuLink) (out []string) {
		for _, l := range links {
			out = append(out, l.Label)
		}
		return out
	}
	assert.Equal(t, []string{"会员首页", "入会申请", "修改密码"}, labels(m.links(access.RoleIndividual, "")))
	assert.Equal(t, []string{"后台首页", "会员管理", "导入老会员", "入会审核", "秘书处审批", "会费设置", "统计报表", "工作人员管理", "操作日志", "导出任务", "网站内容",
		"群发通知", "网站设置", "修改密码"},
		labels(m.links(access.RoleFinance, "home")))
	assert.True(t, m.links(access.RoleFinance, "home")[0].Active)

	// Who may not read others' entries reads 我的操作记录 instead of 操作日志.
	m, err = buildMenus(askerFunc(func(_ access.Principal, a access.Action) (bool, error) {
		return a == access.OpenBackOffice || a == access.ReadAuditLog, nil
	}))
	require.NoError(t, err)
	assert.Equal(t, []string{"后台首页", "我的操作记录"}, labels(m.links(access.RoleFinance, "audit")))
	assert.True(t, m.links(access.RoleFinance, "audit")[1].Active)

	_, err = buildMenus(askerFunc(func(access.Principal, access.Action) (bool, error) {
		return false, errors.New("policy store unreachable")
	}))
	assert.ErrorContains(t, err, "policy store unreachable")
}
