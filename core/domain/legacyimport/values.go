package legacyimport

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/application"
	"github.com/openassoc/membership/core/domain/member"
)

func parseKind(s string) (member.Kind, bool) {
	switch strings.TrimSpace(s) {
	case "单位会员", "单位", "企业会员", "企业", "enterprise":
		return member.Enterprise, true
	case "个人会员", "个人", "individual":
		return member.Individual, true
	}
	return "", false
}

// vocabCode returns the code of a vocabulary entry named by its code or its
// label (北京市 → 11, 制造业 → C); an unknown text is returned as it is, for
// the form's own check to refuse.
func vocabCode(list []application.Option, s string) string {
	for _, o := range list {
		if strings.EqualFold(o.Code, s) || o.Label == s {
			return o.Code
		}
	}
	return s
}

// dateLayouts are the ways legacy spreadsheets write a day.
var dateLayouts = []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006-1-2", "20060102", "2006年1月2日", "01-02-06",
	"1/2/06", "2006-01-02 15:04:05"}

// parseDay reads a day written in one of dateLayouts, or as an Excel serial
// day number (days since 1899-12-30).
func parseDay(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 2958466 && len(s) <= 6 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
	}
	return time.Time{}, false
}

func dateField(v *apperr.Validation, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, ok := parseDay(s)
	if !ok {
		v.Add(field, "date_invalid", "日期格式应为 YYYY-MM-DD，如 2026-01-01")
	}
	return t
}

// parseStatus reads the status column; empty means active with a validity,
// approved with the fee due without one. A status with a validity needs one.
func parseStatus(v *apperr.Validation, s string, e member.Entry) member.Status {
	var st member.Status
	switch strings.TrimSpace(s) {
	case "":
		if e.ValidUntil.IsZero() {
			return member.StatusApproved
		}
		return member.StatusActive
	case "正常", "有效", "即将到期", "在册":
		st = member.StatusActive
	case "已过期", "过期", "失效":
		st = member.StatusLapsed
	case "已暂停", "暂停":
		st = member.StatusSuspended
	case "已退会", "退会":
		st = member.StatusWithdrawn
	case "待缴费", "审核通过，待缴费", "审核通过":
		return member.StatusApproved
	default:
		v.Add("status", "status_invalid", "会员状态应为 正常、已过期、已暂停、已退会 或 待缴费")
		return ""
	}
	if e.ValidUntil.IsZero() && !v.Has("valid_until") {
		v.Add("valid_until", "validity_required", fmt.Sprintf("会员状态为「%s」时请填写有效期起止日期", s))
	}
	return st
}

// Kind returns the member kind of a data row.
func (c Cells) Kind() (member.Kind, bool) { return parseKind(c.Get(FieldKind)) }
