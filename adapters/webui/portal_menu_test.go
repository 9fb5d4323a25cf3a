package webui

import (
	"html/template"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The menu written in Go is what the layout's template wrote: the items of
// every menu, active or not, with and without a badge, and text that needs
// escaping.
func TestMenuHTMLIsTheTemplates(t *testing.T) {
	t.Parallel()
	tpl := template.Must(template.New("menu").Parse(`{{range .}}<li><a href="{{.Href}}"{{if .Active}} class="is-active" aria-current="page"{{end}}>{{.Label}}{{with .Count}}<span class="badge badge--count sidemenu__badge">{{.}}<span class="visually-hidden">项待处理</span></span>{{end}}</a></li>
      {{end}}`))
	menus := [][]menuLink{nil, {{Label: "会员管理", Href: adminMembersPath, Active: true, Count: 3},
		{Label: "入会审核", Href: adminAppsPath, Count: 12}, {Label: "后台首页", Href: "/admin"}},
		{{Label: `<b>"A&B's"</b>`, Href: "/admin/x?a=1&b=2", Count: -1}}}
	for _, entries := range [][]menuItem{memberMenu(), staffMenu()} {
		var m []menuLink
		for i, e := range entries {
			m = append(m, menuLink{Label: e.Label, Href: e.Href, Active: i == 1, Count: i})
		}
		menus = append(menus, m)
	}
	for _, m := range menus {
		var want strings.Builder
		require.NoError(t, tpl.Execute(&want, m))
		assert.Equal(t, want.String(), string((&portal{Menu: m}).MenuHTML()))
	}
}
