package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// importCommands wires 导入老会员 and the initial passwords of imported
// members (login, 修改密码).
func (w wiring) importCommands(c *Commands) {
	d := w.d
	initial := command.InitialCredentials{Pinyin: d.Pinyin}
	c.Login.WithInitialCredentials(initial, d.LegacyImports)
	c.ChangePassword.WithInitialCredentials(initial)
	id := command.ImportDeps{Sheets: d.Sheets, Store: d.LegacyImports, Members: d.Members, Staff: d.Staff, Tx: d.Tx,
		Authz: d.Authorizer, Clock: d.Clock, Audit: w.audit, Location: w.loc, Levels: w.o.Fees.Levels,
		Formats: w.o.NumberFormats, Sequences: d.Sequences, Pinyin: d.Pinyin, InitialFor: w.o.InitialCredentialFor,
		Cache: command.NewImportCache(), StaleAfter: w.o.ImportStaleAfter}
	c.PreviewImport = command.NewPreviewImportHandler(id)
	c.CommitImport = command.NewCommitImportHandler(id)
	c.UndoImport = command.NewUndoImportHandler(id)
	c.StagedImports = command.NewStagedImportsHandler(d.Files, d.Authorizer, d.Clock)
}

// importQueries wires the batches' reads.
func (w wiring) importQueries(q *Queries) {
	q.ImportBatches = query.NewImportBatchesHandler(w.d.LegacyImports, w.d.Authorizer, w.d.Clock,
		w.o.ImportStaleAfter)
}
