package webui

import (
	"fmt"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
)

// menuItem is one entry of a left menu, shown to the roles the core lets take
// its Action (the duty of the page it opens).
type menuItem struct {
	Key    string
	Label  string
	Href   string
	Action access.Action
	// Joining marks an entry shown only while the member is in the join flow
	// (入会申请 until the member is a full member).
	Joining bool
	// Approved marks an entry shown only once the application is approved (the
	// member has a number): 缴纳会费.
	Approved bool
	// Queue is the work queue whose size the entry's badge shows (back office).
	Queue query.WorkQueue
	// Except hides the entry from the roles that may take this action (an
	// entry that another one replaces for them: 我的操作记录 and 操作日志).
	Except access.Action
}

// memberMenu is the member portal's menu in the manual's order (spec §6). Later
// features slot their entries in between: 缴纳会费 (payment), 申请发票 (invoice,
// enterprises), 联系人管理, 信息变更, 完善理事资料 (council), 企业投稿. Only pages that
// exist are listed.
func memberMenu() []menuItem {
	return []menuItem{
		{Key: "home", Label: "会员首页", Href: "/member", Action: access.OpenMemberPortal},
		{Key: "application", Label: "入会申请", Href: appPath, Action: access.EditOwnApplication, Joining: true},
		{Key: "fees", Label: "缴纳会费", Href: feesPath, Action: access.PayOwnFees, Approved: true},
		{Key: "invoices", Label: "申请发票", Href: invoicesPath, Action: access.ReadOwnInvoices, Approved: true},
		{Key: "contacts", Label: "联系人管理", Href: contactsPath, Action: access.EditOwnContacts, Approved: true},
		{Key: "info-change", Label: "信息变更", Href: infoChangePath, Action: access.RequestOwnInfoChange,
			Approved: true},
		{Key: "council", Label: "完善理事资料", Href: councilPath, Action: access.EditOwnCouncil, Approved: true},
		{Key: "submissions", Label: "企业投稿", Href: submissionsPath, Action: access.SubmitOwnArticle, Approved: true},
		{Key: "certificate", Label: "会员证书", Href: cardPath, Action: access.ReadOwnCertificate, Approved: true},
		{Key: "password", Label: "修改密码", Href: "/member/password", Action: access.ChangeOwnPassword},
		{Key: "card", Label: "VIP 我的会员卡", Href: cardPath, Action: access.ReadOwnCard, Approved: true},
	}
}

// staffMenu is the back office's menu; the review, finance and secretariat queues
// slot in after 后台首页, each with the badge of its work queue.
func staffMenu() []menuItem {
	return []menuItem{
		{Key: "home", Label: "后台首页", Href: "/admin", Action: access.OpenBackOffice},
		{Key: "members", Label: "会员管理", Href: adminMembersPath, Action: access.ListMembers},
		{Key: "imports", Label: "导入老会员", Href: adminImportsPath, Action: access.ImportMembers},
		{Key: "applications", Label: "入会审核", Href: adminAppsPath, Action: access.ReviewApplication,
			Queue: query.QueueReview},
		{Key: "payments", Label: "缴费确认", Href: adminPaymentsPath, Action: access.ConfirmPayment,
			Queue: query.QueuePayments},
		{Key: "refunds", Label: "退款待办", Href: adminRefundsPath, Action: access.MarkRefunded},
		{Key: "statements", Label: "银行对账", Href: adminStatementsPath, Action: access.ConfirmPayment,
			Queue: query.QueueStatements},
		{Key: "memberships", Label: "秘书处审批", Href: adminMembershipsPath, Action: access.ApproveMembership,
			Queue: query.QueueSecretariat},
		{Key: "invoices", Label: "发票管理", Href: adminInvoicesPath, Action: access.ListInvoices},
		{Key: "info-changes", Label: "信息变更审核", Href: adminInfoChangesPath, Action: access.ReviewInfoChange,
			Queue: query.QueueInfoChanges},
		{Key: "council", Label: "理事资料", Href: adminCouncilPath, Action: access.ReviewCouncilForm,
			Queue: query.QueueCouncil},
		{Key: "fee-settings", Label: "会费设置", Href: adminFeeSettingsPath, Action: access.ManageSettings},
		{Key: "reports", Label: "统计报表", Href: adminReportsPath, Action: access.ReadReports},
		{Key: "staff", Label: "工作人员管理", Href: adminStaffPath, Action: access.ManageStaff},
		// The audit log: everybody's for the admin, one's own for the others.
		{Key: "audit", Label: "操作日志", Href: adminAuditPath, Action: access.ReadOthersAudit},
		{Key: "audit", Label: "我的操作记录", Href: adminAuditPath, Action: access.ReadAuditLog,
			Except: access.ReadOthersAudit},
		{Key: "exports", Label: "导出任务", Href: adminExportJobsPath, Action: access.ReadOwnExportJobs},
		{Key: "content", Label: "网站内容", Href: adminContentPath, Action: access.EditContent},
		{Key: "bulk-notices", Label: "群发通知", Href: adminBulkPath, Action: access.ReadBulkNotices},
		{Key: "submissions", Label: "投稿审核", Href: adminSubmissionsPath, Action: access.ReviewSubmission,
			Queue: query.QueueSubmissions},
		{Key: "site-settings", Label: "网站设置", Href: adminSitePath, Action: access.ManageSettings},
		{Key: "password", Label: "修改密码", Href: "/admin/password", Action: access.ChangeOwnPassword},
	}
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

// menus holds, per role and active entry, the ready-made links: the core is
// asked once at start-up, not on every page.
type menus map[access.Role]map[string][]menuLink

// asker is what the menus need of the core: whether a principal may take an
// action (app.Core.Can).
type asker interface {
	Can(p access.Principal, a access.Action) (bool, error)
}

// buildMenus asks the core which entries each role may see: a member's role
// gets the portal's menu, a staff role the back office's. A guest has no menu.
func buildMenus(core asker) (menus, error) {
	m := menus{}
	for _, role := range access.AllRoles() {
		p, items := menuPrincipal(role)
		if p == access.Guest {
			continue
		}
		var allowed []menuItem
		for _, it := range items {
			ok, err := core.Can(p, it.Action)
			if err != nil {
				return nil, fmt.Errorf("webui: menu %s for %s: %w", it.Key, role, err)
			}
			if ok && it.Except != "" {
				if ok, err = core.Can(p, it.Except); err != nil {
					return nil, fmt.Errorf("webui: menu %s for %s: %w", it.Key, role, err)
				}
				ok = !ok
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

// menuPrincipal is a logged-in principal of the role, acting on its own
// records, with the menu of its side; a guest gets access.Guest and no menu.
func menuPrincipal(role access.Role) (access.Principal, []menuItem) {
	switch {
	case role.IsStaff():
		return access.Principal{Kind: access.PrincipalStaff, ID: "menu", Role: role}, staffMenu()
	case role == access.RoleGuest:
		return access.Guest, nil
	}
	return access.Principal{Kind: access.PrincipalMember, ID: "menu", Role: role}, memberMenu()
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
