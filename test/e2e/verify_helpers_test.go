package e2e_test

import (
	"strings"
	"testing"

	"github.com/openassoc/membership/membershiptest"
)

// verifyEmail verifies email as its owner would: it takes the link from the
// newest verification mail to it, opens it in the browser (the page only
// offers a button: opening a link verifies nothing) and presses
// 「确认验证邮箱」.
func (b *browser) verifyEmail(t *testing.T, env *membershiptest.Env, email string) {
	t.Helper()
	link := env.VerificationLink(t, email)
	if !strings.HasPrefix(link, b.base+"/email/verify?token=") {
		t.Fatalf("the verification link %q is not on the site %s", link, b.base)
	}
	b.open(t, strings.TrimPrefix(link, b.base))
	if title := b.text(t, "#page-title"); title != "验证邮箱" {
		t.Fatalf("the verification link opened %q, want 验证邮箱", title)
	}
	b.clickAndLoad(t, "确认验证邮箱", `form[action="/email/verify"] button[type="submit"]`)
	if title := b.text(t, "#page-title"); title != "邮箱验证成功" {
		t.Fatalf("after 确认验证邮箱: title %q, want 邮箱验证成功", title)
	}
}
