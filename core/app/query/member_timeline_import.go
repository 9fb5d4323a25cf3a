package query

import (
	"fmt"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/ports"
)

// importText is the timeline line of 导入老会员's events; ok is false for
// any other event.
func importText(h ports.HistoryEntry) (string, bool) {
	switch e := h.Event.(type) {
	case member.Imported:
		if e.Updated {
			return fmt.Sprintf("由 工作人员 %s 在第 %d 批导入中更新（会员号 %s，%s）", e.Staff, e.Batch, e.Number,
				e.Status.Label()), true
		}
		return fmt.Sprintf("由 工作人员 %s 在第 %d 批导入（会员号 %s，%s）", e.Staff, e.Batch, e.Number,
			e.Status.Label()), true
	case member.ImportUndone:
		return fmt.Sprintf("撤销第 %d 批导入，资料恢复为导入前", e.Batch), true
	}
	return "", false
}
