package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// councilPorts are the ports of 完善理事资料's commands.
func (w wiring) councilPorts() command.CouncilPorts {
	d := w.d
	return command.CouncilPorts{Members: d.Members, Council: d.Council, Tx: d.Tx, Authz: d.Authorizer,
		Clock: d.Clock, Audit: w.audit, Forms: w.o.CouncilForms}
}

func (w wiring) councilCommands(c *Commands) {
	p := w.councilPorts()
	c.SaveCouncilForm = command.NewSaveCouncilFormHandler(p)
	c.SaveCouncilContact = command.NewSaveCouncilContactHandler(p)
	c.ReviewCouncilForm = command.NewReviewCouncilFormHandler(p)
}

// councilQueries wires the queries and lists the 理事资料 work queue (after
// the work queues are wired).
func (w wiring) councilQueries(q *Queries) {
	d := w.d
	p := query.CouncilPorts{Members: d.Members, Council: d.Council, Authz: d.Authorizer, Documents: d.Documents,
		Forms: w.o.CouncilForms, Assoc: w.assoc}
	q.CouncilPage = query.NewCouncilPageHandler(p)
	q.CouncilForm = query.NewCouncilFormHandler(p)
	q.CouncilFormPDF = query.NewCouncilFormPDFHandler(q.CouncilForm)
	q.CouncilQueue = query.NewCouncilQueueHandler(p)
	if q.WorkQueues != nil {
		q.WorkQueues.WithCouncil(q.CouncilQueue.CountSubmitted)
	}
}
