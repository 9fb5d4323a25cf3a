package app

import (
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
)

// contentCommands wires the content editor.
func (w wiring) contentCommands(c *Commands) {
	d := w.d
	deps := command.ArticleDeps{Articles: d.Articles, Files: d.Files, Tx: d.Tx, Audit: w.audit, Authz: d.Authorizer,
		Clock: d.Clock, Loc: w.loc, Images: w.images}
	c.SaveArticle = command.NewSaveArticleHandler(deps)
	c.ChangeArticleStatus = command.NewChangeArticleStatusHandler(deps)
	c.UploadArticleFile = command.NewUploadArticleFileHandler(deps)
	c.RemoveArticleFile = command.NewRemoveArticleFileHandler(deps)
	sd := command.SiteSettingsDeps{Source: w.site, Files: d.Files, Tx: d.Tx, Audit: w.audit, Authz: d.Authorizer,
		Clock: d.Clock, Images: w.images}
	c.UpdateSiteSettings = command.NewUpdateSiteSettingsHandler(sd)
	c.UploadSiteLogo = command.NewUploadSiteLogoHandler(sd)
	c.UpdateSiteTexts = command.NewUpdateSiteTextsHandler(sd) // 文字替换
}

// contentQueries wires the site's articles.
func (w wiring) contentQueries(q *Queries) {
	d := w.d
	q.Articles = query.NewArticlesHandler(d.Articles, d.Files, d.Authorizer, d.Clock)
	q.Articles.WithMembers(d.Members) // a member's audience follows its level at once
	q.SiteSettings = query.NewSiteSettingsHandler(w.site, d.Files)
}

func (w wiring) publicQueries(q *Queries) {
	d := w.d
	q.PublicMemberLookup = query.NewPublicMemberLookupHandler(d.PublicLookup, d.LoginAttempts, d.Clock, w.loc,
		w.o.LookupThrottle)
}
