package app

import (
	"context"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/ports"
)

// cardDeps are the ports of 我的会员卡 / 会员证书 and their verification.
func (w wiring) cardDeps() query.CardDeps {
	d := w.d
	return query.CardDeps{Members: d.Members, Cards: d.Cards, Settings: d.Settings, Tx: d.Tx, Renderer: d.CardRenderer,
		Site: w.site, Files: d.Files, Authz: d.Authorizer, Clock: d.Clock, Loc: w.loc, BaseURL: w.o.Site.BaseURL,
		Key: w.o.CardKey}
}

func (w wiring) cardCommands(c *Commands) {
	c.ReissueCard = command.NewReissueCardHandler(w.d.Members, w.d.Cards, w.d.Tx, w.d.Authorizer)
}

func (w wiring) cardQueries(q *Queries) {
	cd := w.cardDeps()
	q.MemberCard = query.NewMemberCardHandler(cd)
	q.MemberCardFile = query.NewMemberCardFileHandler(cd)
	q.CardVerification = query.NewCardVerificationHandler(cd)
}

// brandedDocuments prints the association's logo on every form the renderer
// draws (application, 提前开票申请 …); nil stays nil.
func (w wiring) brandedDocuments() ports.DocumentRenderer {
	if w.d.Documents == nil {
		return nil
	}
	return brandedForms{inner: w.d.Documents, site: w.site, files: w.d.Files}
}

// brandedForms adds the logo to the forms of inner.
type brandedForms struct {
	inner ports.DocumentRenderer
	site  *sitesettings.Source
	files ports.FileStore
}

// RenderForm renders doc with the logo in force (none when it cannot be read).
func (b brandedForms) RenderForm(ctx context.Context, doc ports.FormDocument) ([]byte, error) {
	if doc.Logo == nil {
		_, doc.Logo = query.Brand(ctx, b.site, b.files)
	}
	return b.inner.RenderForm(ctx, doc)
}
