package webui

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/ports"
)

// The templates the parts written in Go replaced: the Go parts must write what
// html/template wrote from them, escaping included.
const (
	sectionsTemplate = `{{range .}}{{$sec := .Title}}<h3 class="member-section__title">{{.Title}}</h3>
      <dl class="info-grid">
        {{range .Rows}}<div{{if .Wide}} class="info-grid__wide"{{end}}>{{with .Label}}<dt>{{.}}:</dt>{{else}}<dt class="visually-hidden">{{$sec}}</dt>{{end}}<dd class="{{if .Wide}}prewrap{{end}}">{{with .Value}}{{.}}{{else}}<span class="muted">未填写</span>{{end}}</dd></div>
        {{end}}
      </dl>
      {{end}}`
	timelineTemplate = `{{range .}}<li class="timeline__item">
          <time class="timeline__time" datetime="{{isotime .At}}">{{datetime .At}}</time>
          <p class="timeline__text">{{.Text}}</p>
          <p class="timeline__actor muted">操作人：{{with .Actor}}{{.}}{{else}}未记录{{end}}</p>
        </li>
        {{end}}`
	notesTemplate = `{{range .}}<li class="notes__item{{if not .Read}} is-unread{{end}}">
            <p class="notes__text">{{if not .Read}}<span class="notes__new">新</span> {{end}}{{.Text}}</p>
            <time class="notes__time" datetime="{{isotime .CreatedAt}}">{{datetime .CreatedAt}}</time>
          </li>
          {{end}}`
)

// asTemplate renders data with one of the replaced templates.
func asTemplate(t *testing.T, text string, data any, loc *time.Location) string {
	t.Helper()
	tpl, err := template.New("part").Funcs(template.FuncMap{
		"isotime":  func(t time.Time) string { return t.In(loc).Format(time.RFC3339) },
		"datetime": func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05") },
	}).Parse(text)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, tpl.Execute(&b, data))
	return b.String()
}

// tricky is text with everything html/template escapes.
const tricky = `<script>alert("x")</script> & 'quoted' a+b` + "\x00" + "\n第二行"

func TestFormSectionsAsTemplate(t *testing.T) {
	sections := []ports.FormSection{
		{Title: "企业信息", Rows: []ports.FormRow{{Label: "单位名称", Value: "中国质量协会"}, {Label: "邮政编码"},
			{Label: "单位简介", Value: tricky, Wide: true}, {Label: "空的宽行", Wide: true},
			{Value: "无标签的行", Wide: true}}},
		{Title: "<第二节>", Rows: []ports.FormRow{{Label: "a&b", Value: "x"}}},
		{Title: "空节"},
	}
	got := string(formSections(sections))
	assert.Equal(t, asTemplate(t, sectionsTemplate, sections, time.UTC), got)
	assert.NotContains(t, got, "<script>")
	assert.Contains(t, got, `<div class="info-grid__wide"><dt>单位简介:</dt><dd class="prewrap">&lt;script&gt;`)
	assert.Contains(t, got, `<div><dt>邮政编码:</dt><dd class=""><span class="muted">未填写</span></dd></div>`)
	assert.Contains(t, got, `<dt class="visually-hidden">企业信息</dt><dd class="prewrap">无标签的行</dd>`)
	assert.Empty(t, string(formSections(nil)))
}

func TestTimelineItemsAsTemplate(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	at := time.Date(2026, 12, 7, 13, 1, 23, 500, time.UTC)
	entries := []query.TimelineEntry{
		{At: at, Event: "member.registered", Text: "注册账号（单位会员）", Actor: "会员本人"},
		{At: at.Add(time.Hour), Text: tricky, Actor: "工作人员 <张三>"},
		{At: at.Add(2 * time.Hour), Text: "无人记录"},
	}
	for _, loc := range []*time.Location{time.UTC, shanghai} {
		got := string(timelineItems(entries, loc))
		assert.Equal(t, asTemplate(t, timelineTemplate, entries, loc), got)
		assert.NotContains(t, got, "<script>")
	}
	got := string(timelineItems(entries, shanghai))
	assert.Contains(t, got, `<time class="timeline__time" datetime="2026-12-07T21:01:23&#43;08:00">2026-12-07 21:01:23</time>`)
	assert.Contains(t, got, "操作人：工作人员 &lt;张三&gt;")
	assert.Contains(t, got, "操作人：未记录")
}

func TestNotificationItemsAsTemplate(t *testing.T) {
	at := time.Date(2026, 12, 7, 13, 1, 23, 0, time.UTC)
	items := []query.NotificationItem{
		{ID: "n1", Text: "企业【测试号】的入会申请资料已通过, 会员号: 19141263", CreatedAt: at},
		{ID: "n2", Text: tricky, CreatedAt: at.Add(-time.Hour), Read: true},
	}
	got := string(notificationItems(items, time.UTC))
	assert.Equal(t, asTemplate(t, notesTemplate, items, time.UTC), got)
	assert.Contains(t, got, `<li class="notes__item is-unread">`)
	assert.Contains(t, got, `<span class="notes__new">新</span> 企业【测试号】`)
	assert.NotContains(t, got, "<script>")
}
