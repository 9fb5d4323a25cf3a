package command_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/app/apptest"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/sitesettings"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/audit"
	"github.com/openassoc/membership/core/domain/site"
	"github.com/openassoc/membership/ports"
)

func (e *env) siteDeps() command.SiteSettingsDeps {
	return command.SiteSettingsDeps{Source: sitesettings.NewSource(e.store.Settings(), e.clock, "中国质量协会"),
		Files: e.files, Tx: e.store.Transactor(), Audit: command.NewAuditor(e.store.AuditLog(), e.clock),
		Authz: e.policy, Clock: e.clock}
}

func TestSiteSettingsAreValidatedAndAudited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.siteDeps()
	update := command.NewUpdateSiteSettingsHandler(d)
	admin := apptest.StaffOf(access.RoleAdmin)
	good := site.Settings{Name: "某某行业协会", ShortName: "某协", Primary: "#123ABC", Accent: "#f08300",
		ICP: "京ICP备12345678号", ICPLink: site.DefaultICPLink, PSBLink: site.DefaultPSBLink}

	err := update.Handle(e.ctx, command.UpdateSiteSettings{Principal: admin, Settings: site.Settings{
		Name: "", Primary: "red", Accent: "#f08300", Email: "x", ICPLink: "javascript:alert(1)"}})
	fields := map[string]string{}
	for _, f := range apperr.As(err).Fields {
		fields[f.Field] = f.Message
	}
	assert.Equal(t, "请输入协会名称", fields["name"])
	assert.Contains(t, fields["primary"], "#RRGGBB")
	assert.Equal(t, "请输入有效的电子邮箱", fields["email"])
	assert.Contains(t, fields["icp_link"], "https://")
	err = update.Handle(e.ctx, command.UpdateSiteSettings{Principal: apptest.StaffOf(access.RoleEditor), Settings: good})
	assert.Equal(t, apperr.KindForbidden, apperr.As(err).Kind)

	require.NoError(t, update.Handle(e.ctx, command.UpdateSiteSettings{Principal: admin, Settings: good}))
	now, err := d.Source.Current(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, "某某行业协会", now.Name)
	assert.Equal(t, "#123abc", now.Primary)
	assert.Equal(t, "某", now.Mark())

	logo := command.NewUploadSiteLogoHandler(d)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	err = logo.Handle(e.ctx, command.UploadSiteLogo{Principal: admin, Content: bytes.NewReader(svg)})
	assert.Contains(t, apperr.As(err).Fields[0].Message, "不支持SVG")
	require.NoError(t, logo.Handle(e.ctx, command.UploadSiteLogo{Principal: admin,
		Content: bytes.NewReader(apptest.PNG(64, 64))}))
	now, err = d.Source.Current(e.ctx)
	require.NoError(t, err)
	assert.Equal(t, "image/png", now.Logo.ContentType)
	assert.Equal(t, "某某行业协会", now.Name, "the logo keeps the other settings")
	assert.Len(t, e.files.Keys(), 1)

	entries, _, err := e.store.AuditLog().List(e.ctx, ports.AuditQuery{Action: audit.SiteSettingsUpdate})
	require.NoError(t, err)
	require.Len(t, entries, 2)
	assert.Equal(t, "上传协会标志", entries[0].Summary)
	assert.Contains(t, entries[1].Changes, audit.Change{Field: "name", Label: "协会名称", Before: "中国质量协会",
		After: "某某行业协会"})
}
