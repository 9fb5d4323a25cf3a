package security_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/membershiptest"
)

// TestFinding12StatementCSVStrayQuote (issue 9, finding 12): a quote that opens
// the remark of line 2 and is closed only by a quote of line 4 made the lenient
// CSV reader take lines 2 to 4 as one transfer (with line 4's payer and
// reference): two transfers vanished without a word. The import is refused
// with the row and a Chinese message, and nothing is stored.
func TestFinding12StatementCSVStrayQuote(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	token := uploadsStaffToken(t, env, access.RoleFinance)
	csv := "交易日期,摘要,对方户名,贷方金额,流水号\n" +
		"2019-09-23,\"会费 HF7KX3MQ,甲公司,480.00,B0001\n" +
		"2019-09-24,会费,乙公司,480.00,B0002\n" +
		"2019-09-25,\"会费\",丙公司,480.00,B0003\n"
	r := uploadsPost(t, env, "/statements", token, "statement", "对账单.csv", []byte(csv))
	require.Equal(t, http.StatusUnprocessableEntity, r.Status, "three transfers, not one: %s", r.Body)
	fe := r.fieldError(t)
	assert.Equal(t, "statement", fe.Field)
	assert.Equal(t, "statement_row_invalid", fe.Code)
	assert.Contains(t, fe.Message, "第2行")
	assert.Contains(t, fe.Message, "引号")
	assert.Contains(t, fe.Message, "未导入任何流水")
	assert.Zero(t, uploadsStatements(t, env), "nothing stored")
}
