package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// infoChangePorts are the ports of 信息变更.
func (w wiring) infoChangePorts() command.InfoChangePorts {
	d := w.d
	return command.InfoChangePorts{Members: d.Members, InfoChanges: d.InfoChanges, Files: d.Files, Tx: d.Tx,
		Authz: d.Authorizer, Clock: d.Clock, Audit: w.audit, Images: w.images, Lookup: d.PublicLookup,
		Location: w.loc}
}

func (w wiring) infoChangeCommands(c *Commands) {
	p := w.infoChangePorts()
	c.RequestInfoChange = command.NewRequestInfoChangeHandler(p)
	c.WithdrawInfoChange = command.NewWithdrawInfoChangeHandler(p)
	c.ApproveInfoChange = command.NewApproveInfoChangeHandler(p)
	c.RejectInfoChange = command.NewRejectInfoChangeHandler(p)
}

func (w wiring) infoChangeQueries(q *Queries) {
	d := w.d
	q.InfoChanges = query.NewInfoChangeHandlers(d.Members, d.InfoChanges, d.Files, d.Authorizer)
	if d.InfoChanges != nil && q.WorkQueues != nil {
		q.WorkQueues.WithInfoChanges(d.InfoChanges) // the menu's badge of 信息变更审核
	}
}
