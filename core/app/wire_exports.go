package app

import "github.com/openassoc/membership/core/app/query"

// exportQueries wires 导出 of the back-office lists and the background
// exports (导出任务).
func (w wiring) exportQueries(q *Queries) {
	d := w.d
	q.ListExport = query.NewListExportHandler(query.ListExportDeps{Directory: d.Directory, Members: d.Members,
		Payments: d.Payments, Statements: d.Statements, Invoices: d.Invoices, AuditLog: d.Audit, Staff: d.Staff,
		Authz: d.Authorizer, Clock: d.Clock, Location: w.loc, Audit: w.audit})
	q.ExportJobs = query.NewExportJobsHandler(q.ListExport, d.ExportJobs, d.Files, d.Tx, d.Authorizer, d.Clock,
		w.o.ExportSheet, w.o.Exports)
}
