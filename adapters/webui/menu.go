package webui

import (
	"fmt"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/ports"
)

// menuItem is one entry of a left menu, shown to the roles the policy allows
// (Object, Action).
type menuItem struct {
	Key    string
	Label  string
	Href   string
	Object string
	Action string
	// Joining marks an entry shown only while the member is in the join flow
	// (入会申请 until the member is a full member).
	Joining bool
	// Approved marks an entry shown only once the application is approved (the
	// member has a number): 缴纳会费.
	Approved bool
	// Queue is the work queue whose size the entry's badge shows (back office).
	Queue query.WorkQueue
}

// memberMenu is the member portal's menu in the manual's order (spec §6). Later
// features slot their entries in between: 缴纳会费 (payment), 申请发票 (invoice,
// enterprises), 联系人管理, 信息变更, 完善理事资料 (council), 企业投稿. Only pages that
// exist are listed.
var memberMenu = []menuItem{
	{Key: "home", Label: "会员首页", Href: "/member", Object: access.ObjMemberHome, Action: access.ActRead},
	{Key: "application", Label: "入会申请", Href: appPath, Object: access.ObjApplication, Action: access.ActWrite,
		Joining: true},
	{Key: "fees", Label: "缴纳会费", Href: feesPath, Object: access.ObjPayment, Action: access.ActWrite, Approved: true},
	{Key: "password", Label: "修改密码", Href: "/member/password", Object: access.ObjAccount, Action: access.ActWrite},
}

// staffMenu is the back office's menu; the review, finance and secretariat queues
// slot in after 后台首页, each with the badge of its work queue.
var staffMenu = []menuItem{
	{Key: "home", Label: "后台首页", Href: "/admin", Object: access.ObjBackOffice, Action: access.ActRead},
	{Key: "applications", Label: "入会审核", Href: adminAppsPath, Object: access.ObjApplication, Action: access.ActReview,
		Queue: query.QueueReview},
	{Key: "payments", Label: "缴费确认", Href: adminPaymentsPath, Object: access.ObjPayment, Action: access.ActConfirm,
		Queue: query.QueuePayments},
	{Key: "statements", Label: "银行对账", Href: adminStatementsPath, Object: access.ObjPayment, Action: access.ActConfirm,
		Queue: query.QueueStatements},
	{Key: "memberships", Label: "秘书处审批", Href: adminMembershipsPath, Object: access.ObjMembership,
		Action: access.ActApprove, Queue: query.QueueSecretariat},
	{Key: "fee-settings", Label: "会费设置", Href: adminFeeSettingsPath, Object: access.ObjStaff, Action: access.ActManage},
	{Key: "password", Label: "修改密码", Href: "/admin/password", Object: access.ObjAccount, Action: access.ActWrite},
}

// menuLink is a menu entry as a template renders it.
type menuLink struct {
	Label  string
	Href   string
	Active bool
	// Count is the badge: how much waits in the entry's work queue (0: none).
	Count    int
	joining  bool
	approved bool
	queue    query.WorkQueue
}

// menus holds, per role and active entry, the ready-made links: the policy is asked
// once at start-up, not on every page.
type menus map[access.Role]map[string][]menuLink

// buildMenus asks the authorizer which entries each role may see.
func buildMenus(a ports.Authorizer) (menus, error) {
	if a == nil {
		return nil, fmt.Errorf("webui: the application has no authorizer")
	}
	m := menus{}
	for _, role := range access.AllRoles() {
		items := memberMenu
		if role.IsStaff() {
			items = staffMenu
		}
		var allowed []menuItem
		for _, it := range items {
			ok, err := a.Allowed(role, it.Object, it.Action)
			if err != nil {
				return nil, fmt.Errorf("webui: menu %s for %s: %w", it.Key, role, err)
			}
			if ok {
				allowed = append(allowed, it)
			}
		}
		byActive := map[string][]menuLink{}
		// The "" key is the menu of a page that is no entry of it (提醒).
		for _, key := range append([]string{""}, keysOf(allowed)...) {
			links := make([]menuLink, len(allowed))
			for i, it := range allowed {
				links[i] = menuLink{Label: it.Label, Href: it.Href, Active: it.Key == key, joining: it.Joining,
					approved: it.Approved, queue: it.Queue}
			}
			byActive[key] = links
		}
		m[role] = byActive
	}
	return m, nil
}

func keysOf(items []menuItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Key
	}
	return out
}

// links returns the menu of a role with the entry key marked active.
func (m menus) links(role access.Role, active string) []menuLink {
	return m[role][active]
}

// memberLinks drops the entries a member does not see now: those of the join
// flow once it is over (joining false), those that need an approved application
// before it is approved.
func memberLinks(links []menuLink, joining, approved bool) []menuLink {
	out := make([]menuLink, 0, len(links))
	for _, l := range links {
		if (l.joining && !joining) || (l.approved && !approved) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// withCounts returns a copy of links (shared, made at start-up) with the badge of
// each entry whose work queue has something waiting.
func withCounts(links []menuLink, queues query.WorkQueuesView) []menuLink {
	out := make([]menuLink, len(links))
	copy(out, links)
	for i := range out {
		if out[i].queue != "" {
			out[i].Count, _ = queues.Count(out[i].queue)
		}
	}
	return out
}
