package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// localeCommands wires the member's language setting.
func (w wiring) localeCommands(c *Commands) {
	c.SetMemberLocale = command.NewSetMemberLocaleHandler(w.d.MemberLocales, w.d.Authorizer)
}

// localeQueries wires the reading of the member's language setting.
func (w wiring) localeQueries(q *Queries) {
	q.MemberLocale = query.NewMemberLocaleHandler(w.d.MemberLocales)
}
