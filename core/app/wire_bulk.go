package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// bulkNoticePorts are the ports of 群发通知.
func (w wiring) bulkNoticePorts() command.BulkNoticePorts {
	d := w.d
	return command.BulkNoticePorts{Notices: d.BulkNotices, Notifications: d.Notifications, Mailer: d.Mailer,
		Leases: d.Leases, Tx: d.Tx, Authz: d.Authorizer, Clock: d.Clock, Audit: w.audit, Loc: w.loc,
		Locales: d.MemberLocales}
}

func (w wiring) bulkNoticeCommands(c *Commands) {
	p := w.bulkNoticePorts()
	opts := w.o.BulkNotices
	if opts.BaseURL == "" {
		opts.BaseURL = w.o.Site.BaseURL
	}
	if opts.AssociationName == "" {
		opts.AssociationName = w.assoc
	}
	c.SendBulkNotice = command.NewSendBulkNoticeHandler(p)
	c.DispatchBulkNotices = command.NewDispatchBulkNoticesHandler(p, opts)
}

func (w wiring) bulkNoticeQueries(q *Queries) {
	d := w.d
	q.BulkNoticePreview = query.NewBulkNoticePreviewHandler(d.Directory, d.Authorizer, d.Clock, w.loc)
	q.BulkNotices = query.NewBulkNoticesHandler(d.BulkNotices, d.Authorizer)
	q.BulkNoticeDetail = query.NewBulkNoticeDetailHandler(d.BulkNotices, d.Staff, d.Authorizer)
}
