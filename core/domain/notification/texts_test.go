package notification_test

import (
	"testing"

	"github.com/openassoc/membership/core/domain/notification"
)

// The instruction after a reason is said once, whatever the reviewer typed.
func TestReasonThen(t *testing.T) {
	const do = "请修改后重新提交"
	for reason, want := range map[string]string{
		"盖章不清晰":             "盖章不清晰，请修改后重新提交",
		"盖章不清晰。":            "盖章不清晰，请修改后重新提交",
		" 盖章不清晰， ":          "盖章不清晰，请修改后重新提交",
		"盖章不清晰，请修改后重新提交":    "盖章不清晰，请修改后重新提交",
		"盖章不清晰，请修改后重新提交。":   "盖章不清晰，请修改后重新提交",
		"扫描件模糊，请重新扫描后重新提交！": "扫描件模糊，请重新扫描后重新提交",
		"": "",
	} {
		if got := notification.ReasonThen(reason, do); got != want {
			t.Errorf("ReasonThen(%q) = %q, want %q", reason, got, want)
		}
	}
	if got := notification.ApplicationRejectedText("企业【测试号】", "盖章不清晰，请修改后重新提交。"); got != "企业【测试号】的入会申请资料未通过审核，原因：盖章不清晰，请修改后重新提交" {
		t.Errorf("rejected text = %q", got)
	}
}
