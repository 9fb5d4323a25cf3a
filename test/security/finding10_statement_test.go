package security_test

import (
	"html"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// Finding 10: 单位名称 in the application form could be another member's (or
// anybody's) name, and statement lines matched by payer name and amount then
// credited the wrong member in one bulk confirmation.

// TestFinding10FormNameCannotClaimAnotherPayer: a company writes another
// payer's name as 单位名称 through PUT /api/v1/me/application; the form keeps
// the account's registered name (the web form shows it read-only), so that
// payer's transfer is proposed for nobody and the bulk confirmation books
// nothing for the company.
func TestFinding10FormNameCannotClaimAnotherPayer(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	id := env.RegisterMember(t, "enterprise", "乙贸易有限公司", "f10-attacker@example.com", payMemberPassword)
	tok := payLogin(t, env, "乙贸易有限公司")
	form := membertest.EnterpriseForm("甲科技有限公司") // someone else's name
	saved := payAPI(t, env, http.MethodPut, "/me/application", tok,
		map[string]any{"enterprise": form, "require_complete": true})
	require.Equal(t, http.StatusOK, saved.Status, string(saved.Body))
	assert.Equal(t, "乙贸易有限公司", payMember(t, env, id).Application().Enterprise.Name, "the account's name")
	page := payPage(env, "/member/application/form", tok)
	require.Equal(t, http.StatusOK, page.Status)
	assert.Contains(t, string(page.Body), `id="f-name" name="name" type="text" value="乙贸易有限公司" readonly`)
	scan := payUpload(t, env, "/me/application/scan", tok, "scan", "表.png", membershiptest.PNG(t, 20, 20))
	require.Equal(t, http.StatusCreated, scan.Status, string(scan.Body))
	submitted := payAPI(t, env, http.MethodPost, "/me/application/submit", tok, map[string]any{"confirmed_stamped": true})
	require.Equal(t, http.StatusOK, submitted.Status, string(submitted.Body))
	env.ApproveApplication(t, id)

	fin := payStaffLogin(t, env, "f10-finance", "finance")
	csv := "交易日期,贷方金额,对方户名,摘要,流水号\n2024-01-02,5000.00,甲科技有限公司,货款,F10A\n"
	imported := payUpload(t, env, "/statements", fin, "statement", "一月.csv", []byte(csv))
	require.Equal(t, http.StatusCreated, imported.Status, string(imported.Body))
	assert.Equal(t, float64(0), imported.object(t)["matched"], "甲's money is proposed for nobody")
	sid := imported.object(t)["statement_id"].(string)
	confirm := payAPI(t, env, http.MethodPost, "/statements/"+sid+"/confirm", fin, map[string]any{})
	assert.Equal(t, http.StatusConflict, confirm.Status, string(confirm.Body))
	assert.Equal(t, member.StatusApproved, payStatus(t, env, id), "乙 is not credited with 甲's money")
}

// TestFinding10NameMatchesNeedExplicitConfirmation: a line matched by payer
// name and amount only is a proposal. The statement page says why each line
// matched (参考码 / 户名+金额) and offers the proposal its own confirmation;
// 「确认全部匹配」 (POST /api/v1/statements/{id}/confirm without lines) books the
// reference code's line only; finance then confirms the proposal by naming it.
func TestFinding10NameMatchesNeedExplicitConfirmation(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t)
	byName := env.ApprovedMember(t, "enterprise", "丙科技有限公司", "f10-name@example.com")
	byRef := env.ApprovedMember(t, "enterprise", "丁科技有限公司", "f10-ref@example.com")
	ref := payAPI(t, env, http.MethodGet, "/me/fees", payLogin(t, env, "丁科技有限公司"), nil).object(t)["payment_ref"]
	fin := payStaffLogin(t, env, "f10-finance2", "finance")
	csv := "交易日期,贷方金额,对方户名,摘要,流水号\n" +
		"2024-01-02,5000.00,丙科技有限公司,会费,F10B\n" +
		"2024-01-02,5000.00,某代付人,会费 " + ref.(string) + ",F10C\n"
	imported := payUpload(t, env, "/statements", fin, "statement", "二月.csv", []byte(csv))
	require.Equal(t, http.StatusCreated, imported.Status, string(imported.Body))
	assert.Equal(t, float64(2), imported.object(t)["matched"])
	sid := imported.object(t)["statement_id"].(string)

	page := payPage(env, "/admin/statements/"+sid, fin)
	require.Equal(t, http.StatusOK, page.Status)
	body := html.UnescapeString(string(page.Body))
	assert.Contains(t, body, `<span class="tag" title="匹配依据">户名+金额</span>`)
	assert.Contains(t, body, `<span class="tag" title="匹配依据">参考码</span>`)
	assert.Contains(t, body, "核对无误，确认此笔")
	assert.Contains(t, body, "确认全部匹配（1 笔）")

	bulk := payAPI(t, env, http.MethodPost, "/statements/"+sid+"/confirm", fin, map[string]any{})
	require.Equal(t, http.StatusOK, bulk.Status, string(bulk.Body))
	assert.Equal(t, float64(1), bulk.object(t)["confirmed"])
	assert.Equal(t, member.StatusAwaitingSecretariat, payStatus(t, env, byRef.ID))
	assert.Equal(t, member.StatusApproved, payStatus(t, env, byName.ID), "a name is no proof: not booked in bulk")

	detail := payAPI(t, env, http.MethodGet, "/statements/"+sid, fin, nil)
	require.Equal(t, http.StatusOK, detail.Status)
	var lineID string
	for _, l := range detail.object(t)["lines"].([]any) {
		if l := l.(map[string]any); l["payer_name"] == "丙科技有限公司" {
			lineID = l["id"].(string)
			assert.Equal(t, "name_amount", l["match"])
		}
	}
	require.NotEmpty(t, lineID)
	one := payAPI(t, env, http.MethodPost, "/statements/"+sid+"/confirm", fin, map[string]any{"line_ids": []string{lineID}})
	require.Equal(t, http.StatusOK, one.Status, string(one.Body))
	assert.Equal(t, member.StatusAwaitingSecretariat, payStatus(t, env, byName.ID), "finance confirmed it explicitly")
}
