package i18n

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	base, err := Load(fstest.MapFS{
		"l/en/a.json": {Data: []byte(`{
			"会员管理": "Members",
			"共 %d 条": "%d in total",
			"%s（%s）": "%s (%s)",
			"缴费状态：%s，尚欠%s": "Payment: %[1]s, %[2]s due",
			"有效": "active",
			"会员编号：": "Member No.: ",
			"尊敬的": "Dear ",
			"编辑会员": "Edit member",
			"北京": "Beijing",
			"%d年%d月": "%d-%d",
			"%d年每月": "every month of %d",
			"%s的申请：%s": "%[1]s's application: %[2]s",
			"请输入   名称": "Enter the name"
		}`)},
	}, "l")
	require.NoError(t, err)
	c := &Catalog{base: base}
	c.SetOverrides(nil)
	return c
}

func TestTranslateExactPatternAndLabel(t *testing.T) {
	c := testCatalog(t)
	assert.Equal(t, "Members", c.T(English, "会员管理"))
	assert.Equal(t, "  Members\n", c.T(English, "  会员管理\n"), "white space around the key stays")
	assert.Equal(t, "12 in total", c.T(English, "共 12 条"))
	assert.Equal(t, "Payment: active, ¥1000 due", c.T(English, "缴费状态：有效，尚欠¥1000"), "values are translated and reordered")
	assert.Equal(t, "Member No.: 2023001", c.T(English, "会员编号：2023001"))
	assert.Equal(t, "中国质量协会", c.T(English, "中国质量协会"), "content without an entry stays")
	assert.Equal(t, "会员管理", c.T(Chinese, "会员管理"))
	assert.Equal(t, "Enter the name", c.T(English, "请输入 名称"), "keys are compared with collapsed white space")
	assert.Equal(t, "Beijing's application: active", c.T(English, "北京的申请：有效"), "a pattern that starts and ends with a value")
	assert.Equal(t, "Member No.: Members, active, 中国", c.T(English, "会员编号：会员管理、有效、中国"), "a list, item by item")
	assert.Equal(t, "every month of 2026", c.T(English, "2026年每月"), "the most specific pattern wins")
	assert.Equal(t, "2026-12", c.T(English, "2026年12月"))
	assert.Equal(t, "Members:", c.T(English, "会员管理:"), "a label with a colon")
	assert.Equal(t, "Members reviewer-1", c.T(English, "会员管理 reviewer-1"), "words apart, each known one translated")
	assert.True(t, c.Has(English, "共 %d 条"))
	assert.True(t, c.Has(English, "共 3 条"))
	assert.False(t, c.Has(English, "没有的"))
}

func TestOverridesWinInEveryLocale(t *testing.T) {
	c := testCatalog(t)
	c.SetOverrides(map[string]map[string]string{
		Chinese: {"会员管理": "会籍管理"},
		English: {"会员管理": "Membership"},
	})
	assert.Equal(t, "会籍管理", c.T(Chinese, "会员管理"))
	assert.Equal(t, "Membership", c.T(English, "会员管理"))
	assert.Equal(t, "12 in total", c.T(English, "共 12 条"), "the shipped entries stay")
	c.SetOverrides(nil)
	assert.Equal(t, "会员管理", c.T(Chinese, "会员管理"))
}

func TestLoadRefusesAKeyTranslatedTwice(t *testing.T) {
	_, err := Load(fstest.MapFS{
		"l/en/a.json": {Data: []byte(`{"会员": "Member"}`)},
		"l/en/b.json": {Data: []byte(`{"会员": "Members"}`)},
	}, "l")
	require.Error(t, err)
}

func TestHTMLTranslatesTextAndWordAttributesOnly(t *testing.T) {
	c := testCatalog(t)
	in := `<a href="/admin/members?province=北京" title="编辑会员" aria-label="会员管理">会员管理</a>` +
		`<input name="province" value="北京" placeholder="北京"><script>var x = "会员管理";</script><!-- 会员管理 --><textarea name="t">会员管理</textarea>`
	out := c.HTML(English, in)
	assert.Equal(t, `<a href="/admin/members?province=北京" title="Edit member" aria-label="Members">Members</a>`+
		`<input name="province" value="北京" placeholder="Beijing"><script>var x = "会员管理";</script><!-- 会员管理 --><textarea name="t">会员管理</textarea>`, out)
	assert.Equal(t, []string{"编辑会员", "会员管理", "会员管理", "北京"}, HTMLKeys(in))
}

func TestLocalizeTreeTranslatesTextAndPrintedValues(t *testing.T) {
	c := testCatalog(t)
	tpl := template.Must(template.New("p").Funcs(template.FuncMap{"tr": c.Func(English)}).Parse(
		`<h1 title="编辑会员">会员管理</h1><p>共 {{.N}} 条</p><p>{{.Status}}</p>` +
			`<input name="p" value="{{.Province}}"><a href="/x?p={{.Province}}" aria-label="{{.Province}}">{{.Province}}</a>` +
			`{{if .N}}<span>{{.Status}}</span>{{else}}<em>{{.Status}}</em>{{end}}{{.HTML}}`))
	for _, x := range tpl.Templates() {
		c.LocalizeTree(English, x.Tree, "tr")
	}
	var b strings.Builder
	require.NoError(t, tpl.Execute(&b, map[string]any{
		"N": 3, "Status": "有效", "Province": "北京", "HTML": template.HTML(`<b>会员管理</b>`),
	}))
	assert.Equal(t, `<h1 title="Edit member">Members</h1><p>共 3 条</p><p>active</p>`+
		`<input name="p" value="北京"><a href="/x?p=%e5%8c%97%e4%ba%ac" aria-label="Beijing">Beijing</a>`+
		`<span>active</span><b>Members</b>`, b.String(),
		"a fragment split by an action is translated by its pieces; form values and links stay")
}

func TestNegotiate(t *testing.T) {
	assert.Equal(t, English, Negotiate("en-US,en;q=0.9", Locales))
	assert.Equal(t, Chinese, Negotiate("zh-CN,zh;q=0.9,en;q=0.8", Locales))
	assert.Equal(t, Chinese, Negotiate("en;q=0.5, zh-Hans", Locales))
	assert.Equal(t, "", Negotiate("fr-FR", Locales))
	assert.Equal(t, "", Negotiate("", Locales))
}
