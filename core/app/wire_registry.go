package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// staffAccountCommands wires 工作人员管理 (staff_accounts.go).
func (w wiring) staffAccountCommands(c *Commands) {
	d := w.d
	p := command.StaffAccountPorts{Tx: d.Tx, Staff: d.Staff, Sessions: d.Sessions, Hasher: d.Hasher,
		Authz: d.Authorizer, Audit: w.audit, Clock: d.Clock}
	c.AdminCreateStaff = command.NewAdminCreateStaffHandler(p)
	c.SetStaffRole = command.NewSetStaffRoleHandler(p)
	c.DisableStaffAccount = command.NewDisableStaffAccountHandler(p)
	c.EnableStaffAccount = command.NewEnableStaffAccountHandler(p)
	c.ResetStaffPassword = command.NewResetStaffPasswordHandler(p)
}

// memberHelpCommands wires staff's help with members' accounts
// (member_account_help.go).
func (w wiring) memberHelpCommands(c *Commands) {
	d := w.d
	p := command.MemberHelpPorts{Tx: d.Tx, Members: d.Members, Tokens: d.Tokens, Attempts: d.LoginAttempts,
		Authz: d.Authorizer, Audit: w.audit, Clock: d.Clock}
	c.SendMemberResetLink = command.NewSendMemberResetLinkHandler(p)
	c.UnlockMemberLogin = command.NewUnlockMemberLoginHandler(p)
	c.ResendMemberMail = command.NewResendMemberMailHandler(p)
	c.ChangeMemberEmail = command.NewChangeMemberEmailHandler(p)
	c.ConfirmEmailChange = command.NewConfirmEmailChangeHandler(d.Tx, d.Members, d.Tokens, d.Clock)
}

// registryCommands wires the registry's staff changes.
func (w wiring) registryCommands(c *Commands) {
	d := w.d
	rd := command.RegistryDeps{Members: d.Members, Tx: d.Tx, Authz: d.Authorizer, Clock: d.Clock, Audit: w.audit,
		Location: w.loc, Levels: w.o.Fees.Levels, Sequences: d.Sequences, Hasher: d.Hasher,
		Formats: w.o.NumberFormats}
	c.StaffEditMember = command.NewStaffEditMemberHandler(rd)
	c.StaffCreateMember = command.NewStaffCreateMemberHandler(rd)
	c.ChangeMemberLevel = command.NewChangeMemberLevelHandler(rd)
	c.SuspendMember = command.NewSuspendMemberHandler(rd)
	c.ReinstateMember = command.NewReinstateMemberHandler(rd, w.o.Renewal)
	c.WithdrawMember = command.NewWithdrawMemberHandler(rd)
	c.RequestWithdrawal = command.NewRequestWithdrawalHandler(d.Members, d.Clock, w.loc)
}

// staffAccountQueries wires 工作人员管理's reads.
func (w wiring) staffAccountQueries(q *Queries) {
	q.StaffList = query.NewStaffListHandler(w.d.Staff, w.d.Authorizer)
	q.StaffAccount = query.NewStaffAccountHandler(w.d.Staff, w.d.Authorizer)
	q.MemberAccountHelp = query.NewMemberAccountHelpHandler(w.d.Members, w.d.LoginAttempts, w.d.Authorizer,
		w.d.Clock, w.o.AccountThrottle)
}

func (w wiring) registryQueries(q *Queries) {
	d := w.d
	q.MemberList = query.NewMemberListHandler(d.Directory, d.Authorizer, d.Clock, w.loc)
	q.MemberExport = query.NewMemberExportHandler(d.Directory, d.Authorizer, d.Clock, w.loc, w.audit)
	q.MemberDetail = query.NewMemberDetailHandler(d.Members, d.Payments, d.Notifications, d.History, d.Authorizer,
		d.Clock, w.assoc)
	q.MemberEditForm = query.NewMemberEditFormHandler(d.Members, d.Authorizer)
	q.MemberDetail.WithAudit(d.Audit, d.Staff) // the timeline says who did each staff action
	q.AuditLog = query.NewAuditLogHandler(d.Audit, d.Staff, d.Members, d.Authorizer, w.loc)
}

func (w wiring) reportQueries(q *Queries) {
	d := w.d
	q.Reports = query.NewReportsHandler(d.Reports, d.Authorizer, d.Clock, w.loc)
	q.HomeFigures = query.NewHomeFiguresHandler(d.Reports, d.Authorizer, d.Clock, w.loc)
}
