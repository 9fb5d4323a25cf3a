package webui

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/content"
)

// feedSize is how many articles a column's Atom feed carries.
const feedSize = 20

// sitemapPages bounds the articles per column in sitemap.xml: the latest
// sitemapPages × query.MaxPageSize of them.
const sitemapPages = 10

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string   `xml:"title"`
	ID        string   `xml:"id"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary"`
	Content   atomText `xml:"content"`
}

// origin is the site's absolute origin: BaseURL, or the request's own.
func (u *UI) origin(req bunrouter.Request) string {
	if u.cfg.BaseURL != "" {
		return strings.TrimRight(u.cfg.BaseURL, "/")
	}
	scheme := "http"
	if req.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + req.Host
}

// columnFeed is a column's Atom feed: the latest public articles, with their
// sanitised bodies and absolute links.
func (u *UI) columnFeed(c content.Column) bunrouter.HandlerFunc {
	return func(w http.ResponseWriter, req bunrouter.Request) error {
		pg, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: access.Guest, Column: c,
			PageSize: feedSize})
		if err != nil {
			return u.showError(w, req, err)
		}
		base := u.origin(req)
		f := atomFeed{Title: u.site.Name + " · " + c.Label(), ID: base + c.Path(),
			Updated: pg.Now.UTC().Format(time.RFC3339), Author: atomAuthor{Name: u.site.Name},
			Links: []atomLink{{Href: base + c.Path() + "/feed.xml", Rel: "self", Type: "application/atom+xml"},
				{Href: base + c.Path(), Rel: "alternate", Type: "text/html"}}}
		for _, a := range pg.Items {
			link := base + articleFilesPrefix + a.ID
			published := a.PublishAt
			if published.IsZero() {
				published = a.CreatedAt
			}
			body := strings.ReplaceAll(string(u.md.render(a.Body)), `="`+articleFilesPrefix, `="`+base+articleFilesPrefix)
			f.Entries = append(f.Entries, atomEntry{Title: a.Title, ID: link, Link: atomLink{Href: link},
				Published: published.UTC().Format(time.RFC3339), Updated: a.UpdatedAt.UTC().Format(time.RFC3339),
				Summary: u.describe(a), Content: atomText{Type: "html", Body: body}})
		}
		return writeXML(w, "application/atom+xml; charset=utf-8", f)
	}
}

// sitemapURLSet is sitemap.xml (sitemaps.org 0.9).
type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the public pages and the public articles shown now.
func (u *UI) sitemap(w http.ResponseWriter, req bunrouter.Request) error {
	base := u.origin(req)
	set := sitemapURLSet{}
	for _, p := range []string{"/", "/notices", "/news", "/member-news", "/members/search", "/register"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + p})
	}
	for _, c := range []content.Column{content.Notices, content.News, content.MemberNews} {
		for page := 1; page <= sitemapPages; page++ {
			pg, err := u.app.Queries.Articles.List(req.Context(), query.Articles{Principal: access.Guest, Column: c,
				Page: page, PageSize: query.MaxPageSize})
			if err != nil {
				return u.showError(w, req, err)
			}
			for _, a := range pg.Items {
				set.URLs = append(set.URLs, sitemapURL{Loc: base + articleFilesPrefix + a.ID,
					LastMod: a.UpdatedAt.UTC().Format(time.DateOnly)})
			}
			if page >= pg.Pages {
				break
			}
		}
	}
	return writeXML(w, "application/xml; charset=utf-8", set)
}

// writeXML sends v as an XML document.
func writeXML(w http.ResponseWriter, contentType string, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(append([]byte(xml.Header), out...))
	return err
}
