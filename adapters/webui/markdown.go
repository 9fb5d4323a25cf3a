package webui

import (
	"bytes"
	"html"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// articleFilesPrefix is where an article's uploaded files are served: the only
// pictures a body may show (no hot-linking).
const articleFilesPrefix = "/articles/"

// markdown renders article bodies: Markdown (GitHub's tables, strike-through
// and autolinks) to HTML, then sanitised — no script, iframe, event attribute,
// style, javascript: or data: URL survives — and pictures only from the
// site's own uploads.
type markdown struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	strict *bluemonday.Policy // plain text, for descriptions and feeds
}

// newMarkdown builds the renderer (one per UI; both parts are safe for
// concurrent use).
func newMarkdown() *markdown {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return &markdown{md: goldmark.New(goldmark.WithExtensions(extension.GFM)), policy: p,
		strict: bluemonday.StrictPolicy()}
}

// render returns the body as safe HTML.
func (m *markdown) render(src string) template.HTML {
	source := []byte(src)
	doc := m.md.Parser().Parse(text.NewReader(source))
	dropForeignImages(doc)
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, source, doc); err != nil {
		return template.HTML(template.HTMLEscapeString(src)) //nolint:gosec // escaped text
	}
	return template.HTML(m.policy.SanitizeBytes(buf.Bytes())) //nolint:gosec // sanitised by bluemonday
}

// plain returns the body as the site shows it, as plain text.
func (m *markdown) plain(src string) string {
	return html.UnescapeString(m.strict.Sanitize(string(m.render(src))))
}

// dropForeignImages replaces every picture that is not an upload of the site
// by its alternative text.
func dropForeignImages(doc ast.Node) {
	var foreign []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			dest := string(img.Destination)
			if !strings.HasPrefix(dest, articleFilesPrefix) || strings.Contains(dest, "//") {
				foreign = append(foreign, img)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, img := range foreign {
		parent := img.Parent()
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
	}
}
