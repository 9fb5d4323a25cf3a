package security_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/membershiptest"
)

// TestFinding16StatementLineRepeatedInOneFile (issue 9, finding 16): a
// statement listing the same transfer twice (the same 流水号) was answered
// "lines 2, new 0, duplicates 2", yet the first line was stored and matched,
// and confirming confirmed it. The answer says what was stored — one new,
// matched line — and that row 3 repeats row 2; confirming confirms it once.
func TestFinding16StatementLineRepeatedInOneFile(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	ctx := context.Background()
	p := env.ApprovedMember(t, "enterprise", "重复流水测试有限公司", "repeat@example.com")
	page, err := env.App.Queries.FeePage.Handle(ctx, query.FeePage{Principal: p})
	require.NoError(t, err)
	token := uploadsStaffToken(t, env, access.RoleFinance)
	line := "2019-09-23,会费 " + page.PaymentRef + ",重复流水测试有限公司,5000.00,B0001\n"
	csv := []byte("交易日期,摘要,对方户名,贷方金额,流水号\n" + line + line)

	r := uploadsPost(t, env, "/statements", token, "statement", "对账单.csv", csv)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	got := r.object(t)
	assert.EqualValues(t, 2, got["lines"])
	assert.EqualValues(t, 1, got["new"], "the first line was stored")
	assert.EqualValues(t, 1, got["duplicates"], "the second was not")
	assert.EqualValues(t, 1, got["matched"])
	assert.EqualValues(t, 0, got["unmatched"])
	assert.Equal(t, []any{map[string]any{"row": float64(3), "first_row": float64(2)}}, got["repeated"])

	res, err := env.App.Commands.ConfirmStatement.Handle(ctx, command.ConfirmStatement{
		Principal: env.Staff(t, access.RoleFinance), StatementID: got["statement_id"].(string)})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Confirmed)
	m, err := env.Module.Ports().Members.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, member.StatusAwaitingSecretariat, m.Status())

	// Uploaded again: both lines are duplicates of the first upload.
	r = uploadsPost(t, env, "/statements", token, "statement", "对账单.csv", csv)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	got = r.object(t)
	assert.EqualValues(t, 0, got["new"])
	assert.EqualValues(t, 2, got["duplicates"])
	assert.Len(t, got["repeated"], 1)
}
