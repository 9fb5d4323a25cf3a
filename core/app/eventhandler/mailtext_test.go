package eventhandler

import (
	"maps"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// textSamples are sample data for every email text: the keys it uses beyond
// the ones every email gets.
func textSamples() map[string]map[string]any {
	return map[string]map[string]any{
		"welcome": {"Kind": "单位会员", "Login": "https://m.example.org/login",
			"Verify": "https://m.example.org/email/verify?token=t", "Expires": "2026-01-03 10:00"},
		"verify_email": {"Verify": "https://m.example.org/email/verify?token=t", "Expires": "2026-01-03 10:00"},
		"registration_attempt": {"Login": "https://m.example.org/login",
			"Forgot": "https://m.example.org/password/forgot"},
		"password_reset":         {"Expires": "2026-01-01 10:00", "Reset": "https://m.example.org/password/reset?token=t"},
		"application_submitted":  {"Notice": "企业【测试号】的入会申请资料已提交，请等待工作人员审核"},
		"application_approved":   {"Notice": "企业【测试号】的入会申请资料已通过, 会员号: 24000001", "Number": "24000001"},
		"application_rejected":   {"Notice": "企业【测试号】的入会申请资料未通过审核，原因：盖章不清晰，请修改后重新提交"},
		"payment_claim_rejected": {"Notice": "企业【测试号】的缴费申请未通过确认，原因：未查到转账"},
		"payment_confirmed":      {"Amount": "¥480.00"},
		"renewal_confirmed":      {"Amount": "¥480.00", "ValidUntil": "2025-03-04"},
		"membership_approved": {"Notice": "企业【测试号】已通过中国质量协会秘书处审批，会员有效期至2025-03-04",
			"Number": "24000001", "DocNo": "质协〔2024〕1号", "ValidFrom": "2024-03-05", "ValidUntil": "2025-03-04"},
		"level_changed": {"Notice": "企业【测试号】的会员级别已调整为「理事」（文号：质协〔2024〕8号）", "From": "普通会员",
			"To": "理事", "DocNo": "质协〔2024〕8号", "Reason": "理事会决议"},
		"member_created": {"Number": "24000003", "Login": "https://m.example.org/login",
			"Forgot": "https://m.example.org/password/forgot"},
		"renewal_reminder":     {"Notice": "企业【测试号】的会员资格将于2025-03-04到期（还有30天），请及时缴纳会费续期"},
		"membership_lapsed":    {"Notice": "企业【测试号】的会员资格已于2025-03-04到期且已过宽限期，会员资格已失效；缴纳会费后即可恢复"},
		"email_change_confirm": {"Expires": "2026-01-03 10:00", "Confirm": "https://m.example.org/email/change?token=t"},
		"email_changed":        {"NewEmail": "new@example.com"},
		// 信息变更 (issue 13).
		"info_change_approved": {"Notice": "企业【测试号】的信息变更申请已通过审核（变更项目：通讯地址）",
			"Page": "https://m.example.org/member/info-change"},
		"info_change_rejected": {"Notice": "企业【测试号】的信息变更申请未通过审核，原因：证明材料不清晰，请修改后重新提交",
			"Page": "https://m.example.org/member/info-change"},
		"council_form_returned": {"Form": "理事会副会长候选人推荐登记表", "Reason": "请补充推荐意见",
			"Page": "https://m.example.org/member/council"},
		// 企业投稿 (issue 13).
		"submission_approved": {"Notice": "企业【测试号】的投稿《年会纪要》已通过审核，可在官网首页“会员动态”专栏查看",
			"Article": "https://m.example.org/articles/a1", "Page": "https://m.example.org/member/submissions"},
		"submission_rejected": {"Notice": "企业【测试号】的投稿《年会纪要》未通过审核，原因：内容与协会业务无关，可修改后重新投稿",
			"Page": "https://m.example.org/member/submissions"},
	}
}

// toUnverified are the texts that may go to an address whose owner has not
// verified it (anyone can register with any address): they must not echo the
// name the registrant typed (issue 9, finding 13).
var toUnverified = map[string]bool{"welcome": true, "verify_email": true, "registration_attempt": true,
	"password_reset": true, "email_change_confirm": true}

func sampleData(extra map[string]any) map[string]any {
	data := map[string]any{"Name": "测试号", "Association": "中国质量协会",
		"Portal": "https://m.example.org/member", "FeesPage": "https://m.example.org/member/fees"}
	maps.Copy(data, extra)
	return data
}

// TestEveryEmailTextRendersAndNeedsItsKeys renders every file in mailtext with
// sample data, then once without each key the sample gives it: a text must
// fail on a key its data lacks (missingkey=error), and the samples list only
// keys the text uses.
func TestEveryEmailTextRendersAndNeedsItsKeys(t *testing.T) {
	t.Parallel()
	texts, err := parseMailTexts()
	require.NoError(t, err)
	samples := textSamples()
	assert.Len(t, texts, len(samples), "one sample per text, one text per sample")
	for name := range texts {
		extra, ok := samples[name]
		if !assert.True(t, ok, "no sample data for mailtext/%s.tmpl", name) {
			continue
		}
		subject, body, err := texts.render(name, sampleData(extra))
		require.NoError(t, err, name)
		assert.True(t, strings.HasPrefix(subject, "【中国质量协会】"), "%s: %q", name, subject)
		assert.NotContains(t, subject, "\n", name)
		if toUnverified[name] {
			assert.True(t, strings.HasPrefix(body, "您好：\n\n"), "%s: %q", name, body)
			assert.NotContains(t, subject+body, "测试号", "%s echoes the registrant's name", name)
		} else {
			assert.True(t, strings.HasPrefix(body, "尊敬的测试号：\n\n"), "%s: %q", name, body)
		}
		assert.True(t, strings.HasSuffix(body, "\n\n中国质量协会"), "%s ends with the signature, no newline: %q", name, body)
		assert.NotContains(t, subject+body, "<no value>", name)
		for key := range extra {
			data := sampleData(extra)
			delete(data, key)
			_, _, err := texts.render(name, data)
			assert.ErrorContains(t, err, "map has no entry for key", "%s without %s", name, key)
		}
		for _, key := range []string{"Name", "Association"} {
			if key == "Name" && toUnverified[name] {
				continue // checked above: the text does not use it
			}
			data := sampleData(extra)
			delete(data, key)
			_, _, err := texts.render(name, data)
			assert.Error(t, err, "%s without %s", name, key)
		}
	}
	_, _, err = texts.render("no_such_text", sampleData(nil))
	assert.ErrorContains(t, err, `no email text "no_such_text"`)
}
