package member_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
)

// The form's 单位名称 (an individual's 姓名) is the account's registered name:
// a form naming another member — or nobody — is stored with the account's
// name, so that statement lines are never matched to a member by a name it
// chose in its form.
func TestFormNameIsTheRegisteredName(t *testing.T) {
	t.Parallel()
	ent := newMember(t, member.Enterprise)
	assert.Equal(t, "测试号", ent.FormName())
	require.NoError(t, ent.SaveEnterpriseForm(membertest.EnterpriseForm("别人家有限公司"), true, t0))
	assert.Equal(t, "测试号", ent.Application().Enterprise.Name)
	require.NoError(t, ent.SaveEnterpriseForm(application.EnterpriseForm{USCC: membertest.ValidUSCC}, false, t0))
	assert.Equal(t, "测试号", ent.Application().Enterprise.Name, "an empty name is the account's too")

	ind, err := member.Register(member.Registration{Kind: member.Individual, Name: "张三", Email: "z@example.com",
		PasswordHash: "h"}, t0)
	require.NoError(t, err)
	require.NoError(t, ind.SaveIndividualForm(membertest.IndividualForm("李四", "z@example.com"), true, t0))
	assert.Equal(t, "张三", ind.Application().Individual.Name)
}
