package usecases_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/pdfdoc"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// TestApplicationPDFWithTheDefaultRenderer downloads the form through the
// module's own PDF renderer and reads the Chinese text back (pdftotext).
func TestApplicationPDFWithTheDefaultRenderer(t *testing.T) {
	t.Parallel()
	if _, err := pdfdoc.New(pdfdoc.Config{}); err != nil {
		t.Skipf("no Chinese font on this machine (scripts/deps.sh fonts installs one): %v", err)
	}
	env := membershiptest.New(t)
	id := env.RegisterMember(t, "enterprise", "星河精密仪器有限公司", "x@example.com", "abc123")
	p := env.MemberPrincipal(t, id)
	form := membertest.EnterpriseForm("星河精密仪器有限公司")
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p,
		Enterprise: &form, RequireComplete: true}))
	doc, err := env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: p})
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(doc.Content, []byte("%PDF-")), "a PDF")

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: the text is not checked")
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	require.NoError(t, os.WriteFile(path, doc.Content, 0o600))
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output() // #nosec G204 -- fixed tool, test file
	require.NoError(t, err)
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"中国质量协会单位会员入会申请表", "星河精密仪器有限公司", "统一社会信用代码",
		"91350100M000100Y43", "制造业", "北京市西城区月坛北小街2号", "王建国", "质量管理部", "单位盖章"} {
		assert.Contains(t, text, want)
	}
}

// TestApplicationPDFWithoutAFont says clearly that no PDF can be made.
func TestApplicationPDFWithoutAFont(t *testing.T) {
	t.Parallel()
	env := membershiptest.New(t, membershiptest.WithConfig(func(c *membership.Config) {
		c.PDFFont = filepath.Join(t.TempDir(), "missing.ttf")
	}))
	id := env.RegisterMember(t, "individual", "张三", "z@example.com", "abc123")
	p := env.MemberPrincipal(t, id)
	form := membertest.IndividualForm("张三", "z@example.com")
	require.NoError(t, env.App.Commands.SaveApplicationDraft.Handle(ctx, command.SaveApplicationDraft{Principal: p, Individual: &form}))
	_, err := env.App.Queries.ApplicationPDF.Handle(ctx, query.ApplicationPDF{Principal: p})
	e := apperr.As(err)
	assert.Equal(t, "pdf_font_missing", e.Code)
	assert.Contains(t, e.Message, "中文字体")
}
