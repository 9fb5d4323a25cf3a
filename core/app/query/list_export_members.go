package query

import (
	"context"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/ports"
)

// MaxSelectedExport bounds 「导出所选」: how many member ids one export of
// selected members may name.
const MaxSelectedExport = 500

// membersExport is the registry's list part of ListExport: the filtered list
// (the same filters and order as MemberExport) or, with the parameter ids
// (comma-separated member ids), the selected members in the order given.
func (h *ListExportHandler) membersExport(d ListExportDeps) exportList {
	me := NewMemberExportHandler(d.Directory, d.Authz, d.Clock, d.Location, d.Audit)
	return exportList{title: "会员名单", right: access.ExportMembers, action: audit.MemberExport,
		header: MemberExportHeader(),
		prepare: func(ctx context.Context, p access.Principal, params map[string]string) (ExportPlan, error) {
			if ids := strings.TrimSpace(params["ids"]); ids != "" {
				return selectedMembers(ctx, d, me, splitIDs(ids))
			}
			pq, err := me.Check(MemberExport{Principal: p, Filters: memberFiltersOf(params), Sort: params["sort"],
				Format: "csv"})
			if err != nil {
				return ExportPlan{}, err
			}
			first, err := d.Directory.Search(ctx, pq)
			if err != nil {
				return ExportPlan{}, apperr.Internal(err)
			}
			return ExportPlan{Total: first.Total, summary: filterSummary(trimmed(pq.Filter)),
				rows: func(ctx context.Context, emit func([]string) error) error {
					return pagesOf(ctx, func(ctx context.Context, _, _ int, last *ports.MemberRow) ([]ports.MemberRow, error) {
						if last == nil {
							return first.Rows, nil
						}
						pq.After = last.ID // keyset: the next page after the last member written
						page, err := d.Directory.Search(ctx, pq)
						return page.Rows, err
					}, func(_ context.Context, rows []ports.MemberRow, emit func([]string) error) error {
						for _, r := range rows {
							if err := emit(me.exportRow(memberListItem(r))); err != nil {
								return err
							}
						}
						return nil
					}, emit)
				}}, nil
		}}
}

// memberFiltersOf reads the registry's filters from the URL's names.
func memberFiltersOf(p map[string]string) MemberFilters {
	return MemberFilters{Kind: p["kind"], Level: p["level"], Status: p["status"], Province: p["province"],
		Industry: p["industry"], FeeState: p["fee_state"], JoinedYear: p["joined_year"],
		ExpiresBefore: p["expires_before"], ExpiresAfter: p["expires_after"], ExpiringWithin: p["expiring_within"],
		Search: p["q"]}
}

// splitIDs splits a comma-separated list, dropping blanks and repeats.
func splitIDs(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range strings.Split(s, ",") {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// selectedMembers is 「导出所选」: at most MaxSelectedExport members by id,
// each read from the registry as the list shows it (found by its member
// number or, before approval, its email, and kept only when the row is that
// member). An id that names no member is refused.
func selectedMembers(ctx context.Context, d ListExportDeps, me *MemberExportHandler, ids []string) (ExportPlan,
	error) {
	if len(ids) > MaxSelectedExport {
		var v apperr.Validation
		v.Add("ids", "too_many", fmt.Sprintf("一次最多导出所选的 %d 个会员，请分批导出或按筛选条件导出", MaxSelectedExport))
		return ExportPlan{}, v.Err()
	}
	for _, id := range ids { // each one exists, before the file starts
		if _, err := d.Members.Get(ctx, id); err != nil {
			return ExportPlan{}, unknownSelected(err, id)
		}
	}
	return ExportPlan{Total: len(ids), summary: fmt.Sprintf("；所选会员 %d 个", len(ids)),
		rows: func(ctx context.Context, emit func([]string) error) error {
			for _, id := range ids {
				row, err := selectedRow(ctx, d, id)
				if err != nil {
					return err
				}
				if err := emit(me.exportRow(memberListItem(row))); err != nil {
					return err
				}
			}
			return nil
		}}, nil
}

// selectedRow is one selected member's row of the registry.
func selectedRow(ctx context.Context, d ListExportDeps, id string) (ports.MemberRow, error) {
	m, err := d.Members.Get(ctx, id)
	if err != nil {
		return ports.MemberRow{}, unknownSelected(err, id)
	}
	key := m.Number()
	if key == "" {
		key = m.Email()
	}
	page, err := d.Directory.Search(ctx, ports.MemberQuery{Filter: ports.MemberFilter{Search: key},
		Sort: ports.SortNumber, Limit: MaxPageSize})
	if err != nil {
		return ports.MemberRow{}, apperr.Internal(err)
	}
	for _, r := range page.Rows {
		if r.ID == id {
			return r, nil
		}
	}
	return ports.MemberRow{}, apperr.Internal(fmt.Errorf("export: member %s is not in the registry's index", id))
}

// unknownSelected is the refusal of a selected id that names no member (or
// the store's failure).
func unknownSelected(err error, id string) error {
	if apperr.IsKind(err, apperr.KindNotFound) {
		var v apperr.Validation
		v.Add("ids", "member_unknown", fmt.Sprintf("所选会员中有不存在的会员（%s），请刷新列表后重新选择", id))
		return v.Err()
	}
	return apperr.Internal(err)
}
