package query

import (
	"context"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
)

// auditExport is 操作日志 as its filters (staff, member, action, from, to)
// select it: everything for the admin, one's own entries for other staff (a
// filter naming another account is refused, as the list refuses it).
func auditExport(d ListExportDeps) exportList {
	lh := NewAuditLogHandler(d.AuditLog, d.Staff, d.Members, d.Authz, d.Location)
	return exportList{title: "操作日志", right: access.ExportAuditLog, action: audit.ListExport,
		header: []string{"时间", "工作人员", "用户名", "角色", "IP 地址", "操作", "会员号", "会员名称", "对象", "摘要",
			"原因", "变更内容"},
		prepare: func(ctx context.Context, p access.Principal, params map[string]string) (ExportPlan, error) {
			all, err := access.Can(d.Authz, p, access.ReadOthersAudit, "")
			if err != nil {
				return ExportPlan{}, err
			}
			pq, _, err := lh.portQuery(ctx, AuditLog{Principal: p, Filters: AuditFilters{Staff: params["staff"],
				Member: params["member"], Action: params["action"], From: params["from"], To: params["to"]}}, all)
			if err != nil {
				return ExportPlan{}, err
			}
			pq.Limit = 1
			newest, total, err := d.AuditLog.List(ctx, pq)
			if err != nil {
				return ExportPlan{}, apperr.Internal(err)
			}
			// The entries there are now: not the ones appended meanwhile, such
			// as the export's own entry (a higher id, stamped from now on).
			started := d.Clock.Now()
			var last int64
			for _, en := range newest {
				last = en.ID
				if bound := en.At.Add(time.Microsecond); pq.To.IsZero() || pq.To.After(bound) {
					pq.To = bound // and the pages do not shift under the export
				}
			}
			summary := paramSummary(params)
			if !all {
				summary += "；本人的操作记录"
			}
			return ExportPlan{Total: total, summary: summary,
				rows: func(ctx context.Context, emit func([]string) error) error {
					return pagesOf(ctx, func(ctx context.Context, limit, _ int, prev *audit.Entry) ([]audit.Entry, error) {
						pq.Limit = limit
						if prev != nil {
							pq.AfterID = prev.ID // keyset: the entries older than the last one written
						}
						rows, _, err := d.AuditLog.List(ctx, pq)
						return rows, err
					}, func(ctx context.Context, rows []audit.Entry, emit func([]string) error) error {
						for _, it := range lh.items(ctx, rows) {
							if it.ID > last && !it.At.Before(started) {
								continue
							}
							if err := emit(auditCells(it, d)); err != nil {
								return err
							}
						}
						return nil
					}, emit)
				}}, nil
		}}
}

// auditCells is one entry's row; the changes read 「字段：前 → 后」, one per
// line.
func auditCells(it AuditItem, d ListExportDeps) []string {
	changes := make([]string, 0, len(it.Changes))
	for _, c := range it.Changes {
		name := c.Label
		if name == "" {
			name = c.Field
		}
		changes = append(changes, name+"："+c.Before+" → "+c.After)
	}
	return []string{stampIn(it.At, d.Location), it.StaffName, it.StaffLogin, it.StaffRole, it.Address,
		it.ActionLabel, it.MemberNo, it.MemberName, it.Subject, it.Summary, it.Reason, strings.Join(changes, "\n")}
}
