package notification

import (
	"fmt"
	"strings"
)

// CategoryInfoChange is the category of 信息变更's notifications.
const CategoryInfoChange Category = "info_change"

// InfoChangeApprovedText is the notification of an approved 信息变更, in the
// manual's style: 企业【测试号】的信息变更申请已通过审核（变更项目：通讯地址）.
func InfoChangeApprovedText(subject string, fields []string) string {
	if len(fields) == 0 {
		return fmt.Sprintf("%s的信息变更申请已通过审核", subject)
	}
	return fmt.Sprintf("%s的信息变更申请已通过审核（变更项目：%s）", subject, strings.Join(fields, "、"))
}

// InfoChangeRejectedText is the notification of a rejected 信息变更 with its
// reason.
func InfoChangeRejectedText(subject, reason string) string {
	return fmt.Sprintf("%s的信息变更申请未通过审核，原因：%s", subject, ReasonThen(reason, "请修改后重新提交"))
}
