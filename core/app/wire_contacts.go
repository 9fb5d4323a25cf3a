package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// contactPorts are the ports of 联系人管理.
func (w wiring) contactPorts() command.ContactPorts {
	d := w.d
	return command.ContactPorts{Members: d.Members, Contacts: d.Contacts, Tx: d.Tx, Authz: d.Authorizer, Clock: d.Clock}
}

func (w wiring) contactCommands(c *Commands) {
	p := w.contactPorts()
	c.SaveContact = command.NewSaveContactHandler(p)
	c.DeleteContact = command.NewDeleteContactHandler(p)
}

func (w wiring) contactQueries(q *Queries) {
	q.ContactList = query.NewContactListHandler(w.d.Members, w.d.Contacts, w.d.Authorizer)
}
