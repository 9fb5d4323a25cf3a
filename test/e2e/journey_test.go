package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The member of the journey.
const (
	memberName  = "中国质量协会测试企业"
	memberEmail = "qa-e2e@example.com"
	firstPass   = "Start2024a"
	secondPass  = "Changed2025b"
)

// TestBrowserMemberJourney drives a real chromium through the member's first
// visit: 企业入会 registration with the slider check, the notification email,
// verifying the address through the link it carries, logging in, the member home with the join progress, logging out and in again,
// 修改密码, and logging in with the new password. It also checks that a mismatched
// password confirmation is reported next to its field.
func TestBrowserMemberJourney(t *testing.T) {
	requireBrowser(t)
	start := time.Now()
	s := startSite(t)
	b := newBrowser(t, s.url)
	t.Logf("site %s, chromium started in %s", s.url, time.Since(start).Round(time.Millisecond))

	t.Run("mismatched confirmation", func(t *testing.T) {
		b.open(t, "/register")
		b.fill(t,
			[2]string{"f-email", "mismatch@example.com"},
			[2]string{"f-name", "密码不一致测试企业"},
			[2]string{"f-password", firstPass},
			[2]string{"f-password-confirm", firstPass + "x"},
		)
		// No slider: the form is checked before the pass token is spent.
		b.clickAndLoadStatus(t, "submit mismatched", `form[action="/register"] button[type="submit"]`,
			http.StatusUnprocessableEntity)
		msg := run(t, b, "confirmation error", chromedp.Evaluate[string](`(() => {
			const input = document.getElementById('f-password-confirm');
			const err = input && input.closest('.field').querySelector('.field__error');
			if (!err || input.getAttribute('aria-invalid') !== 'true') return '';
			if (!(input.getAttribute('aria-describedby') || '').split(' ').includes(err.id)) return 'not described by';
			return err.textContent.trim();
		})()`))
		if msg != "两次输入的密码不一致" {
			t.Errorf("message next to 确认密码: %q, want 两次输入的密码不一致", msg)
		}
		b.screenshot(t, "00-register-mismatch.png")
		if got := run(t, b, "kept email", chromedp.Value(chromedp.ID("f-email"))); got != "mismatch@example.com" {
			t.Errorf("the email was not kept: %q", got)
		}
		if got := run(t, b, "cleared password", chromedp.Value(chromedp.ID("f-password"))); got != "" {
			t.Errorf("the password was sent back to the page: %q", got)
		}
	})
	if t.Failed() {
		return
	}

	t.Run("journey", func(t *testing.T) {
		// 加入会员 → 企业入会. The progress bar shows step ① on both tabs;
		// individuals skip 打印盖章并上传, and switching tabs redraws the bar.
		b.open(t, "/register")
		visibleSteps := func() string {
			return run(t, b, "visible steps", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.steps .steps__item'))
				.filter((li) => !li.hidden && li.offsetParent !== null)
				.map((li) => li.querySelector('.steps__num').textContent.trim() + ' ' +
					li.querySelector('.steps__label').firstChild.textContent.trim()).join('|')`))
		}
		b.do(t, "个人入会 tab", chromedp.Click(chromedp.ID("tab-individual"), chromedp.NodeVisible))
		if got := visibleSteps(); got != "1 注册账号|2 填写入会申请表|3 缴费并等待审核" {
			t.Errorf("个人入会 shows the steps %q", got)
		}
		b.do(t, "企业入会 tab", chromedp.Click(chromedp.ID("tab-enterprise"), chromedp.NodeVisible))
		if got := visibleSteps(); got != "1 注册账号|2 填写入会申请表|3 打印盖章并上传|4 缴费并等待审核" {
			t.Errorf("企业入会 shows the steps %q", got)
		}
		b.checkSteps(t, 1)
		if kind := run(t, b, "kind", chromedp.Value(chromedp.CSS(`[data-register-kind]`))); kind != "enterprise" {
			t.Fatalf("kind %q after choosing 企业入会", kind)
		}
		if title := b.text(t, "#page-title"); title != "加入会员-企业入会" {
			t.Errorf("title %q, want 加入会员-企业入会", title)
		}
		b.fill(t,
			[2]string{"f-email", memberEmail},
			[2]string{"f-name", memberName},
			[2]string{"f-password", firstPass},
			[2]string{"f-password-confirm", firstPass},
		)
		b.solveSlider(t)
		b.screenshot(t, "01-register.png")

		// 立即注册 → 注册成功.
		b.clickAndLoad(t, "立即注册", `form[action="/register"] button[type="submit"]`)
		if title := b.text(t, "#page-title"); title != "注册成功" {
			t.Fatalf("after 立即注册: title %q, want 注册成功", title)
		}
		if got := b.text(t, `[role="status"] strong`); got != memberEmail {
			t.Errorf("success page shows email %q, want %s", got, memberEmail)
		}
		b.checkSteps(t, 1)
		b.screenshot(t, "02-registered.png")

		// The email goes to an address nobody has verified yet: it carries the
		// verification and login links, and not the name typed in the form.
		mail := s.env.Mailbox.WaitFor(t, memberEmail, "注册成功", 15*time.Second)
		if strings.Contains(mail.Text, memberName) || !strings.Contains(mail.Text, s.url+"/login") ||
			!strings.Contains(mail.Text, s.url+"/email/verify?token=") {
			t.Errorf("notification email echoes the name or lacks the login or verification link:\n%s", mail.Text)
		}

		// 验证邮箱: the link in the email, then its button.
		b.verifyEmail(t, s.env, memberEmail)
		b.screenshot(t, "02-email-verified.png")

		// 登录 → 会员首页.
		if p := b.clickAndLoad(t, "登录 link", `.actions a[href="/login"]`); p != "/login" {
			t.Fatalf("the 登录 button led to %s", p)
		}
		b.login(t, memberName, firstPass)
		b.checkMemberHome(t)
		b.screenshot(t, "03-member-home.png")

		// The same page on a phone.
		b.do(t, "phone viewport",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateTouch),
			chromedp.Reload(),
		)
		b.checkMemberHome(t)
		if w := run(t, b, "phone width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("on a 390 px phone the member home is %d px wide: it scrolls sideways", w)
		}
		b.screenshot(t, "03-member-home-mobile.png")
		b.do(t, "desktop viewport", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{})
			return err
		}), chromedp.Reload())
		if w := run(t, b, "desktop width", chromedp.Evaluate[int](`window.innerWidth`)); w != 1280 {
			t.Errorf("back on the desktop, the window is %d px wide, want 1280", w)
		}

		// 退出, and in again.
		b.logout(t)
		b.login(t, memberName, firstPass)
		b.checkMemberHome(t)

		// 修改密码.
		if p := b.clickAndLoad(t, "menu 修改密码", `.sidemenu a[href="/member/password"]`); p != "/member/password" {
			t.Fatalf("修改密码 led to %s", p)
		}
		b.fill(t,
			[2]string{"f-old-password", firstPass},
			[2]string{"f-new-password", secondPass},
			[2]string{"f-new-password-confirm", secondPass},
		)
		b.clickAndLoad(t, "确认修改", `form[action="/member/password"] button[type="submit"]`)
		if got := b.text(t, ".alert--success"); got != "密码修改成功，其他设备上的登录已退出" {
			t.Fatalf("after 确认修改: %q", got)
		}
		b.screenshot(t, "04-password-changed.png")

		// 退出, and in with the new password.
		b.logout(t)
		b.login(t, memberName, secondPass)
		b.checkMemberHome(t)
		b.screenshot(t, "05-member-home-new-password.png")
	})

	if ex := b.uncaught(); len(ex) > 0 {
		t.Errorf("uncaught JavaScript errors:\n%s", strings.Join(ex, "\n"))
	}
	t.Logf("browser journey took %s", time.Since(start).Round(time.Millisecond))
}

// login fills 会员登录 on the current page (or opens it), passes the slider and
// expects the member home.
func (b *browser) login(t *testing.T, name, password string) {
	t.Helper()
	if b.path(t) != "/login" {
		b.open(t, "/login")
	}
	b.fill(t, [2]string{"f-login", name}, [2]string{"f-password", password})
	b.solveSlider(t)
	if p := b.clickAndLoad(t, "登录", `form[action="/login"] button[type="submit"]`); p != "/member" {
		alert, _ := b.tryText(".alert--error, .field__error")
		b.fatal(t, "登录", fmt.Errorf("landed on %s, not /member (%s)", p, alert))
	}
}

// logout presses 退出 in the portal's header and expects the login page.
func (b *browser) logout(t *testing.T) {
	t.Helper()
	if p := b.clickAndLoad(t, "退出", `.account__logout button[type="submit"]`); p != "/login" {
		t.Fatalf("退出 led to %s, not /login", p)
	}
}

// checkMemberHome checks 会员首页 of the journey's member: the name in the 会员信息
// card and the header, and step ② (填写入会申请表) highlighted as the current step.
func (b *browser) checkMemberHome(t *testing.T) {
	t.Helper()
	if p := b.path(t); p != "/member" {
		t.Fatalf("at %s, not /member", p)
	}
	if got := b.text(t, ".member-head__name"); got != memberName {
		t.Errorf("会员信息 shows %q, want %s", got, memberName)
	}
	type step struct {
		Num, Label, Current string
		Done                bool
	}
	steps := run(t, b, "steps", chromedp.Evaluate[[]step](`Array.from(document.querySelectorAll('.steps .steps__item')).map(li => ({
		Num: li.querySelector('.steps__num').textContent.trim(),
		Label: li.querySelector('.steps__label').textContent.trim(),
		Current: li.classList.contains('is-current') ? (li.getAttribute('aria-current') || 'class only') : '',
		Done: li.classList.contains('is-done'),
	}))`))
	if len(steps) != 4 {
		t.Fatalf("入会流程 has %d steps, want 4: %+v", len(steps), steps)
	}
	for i, s := range steps {
		switch {
		case i == 0 && (!s.Done || s.Current != ""):
			t.Errorf("step ① should be done, not current: %+v", s)
		case i == 1 && (s.Current != "step" || s.Num != "2" || !strings.HasPrefix(s.Label, "填写入会申请表")):
			t.Errorf("step ② should be current (aria-current=step): %+v", s)
		case i > 1 && (s.Done || s.Current != ""):
			t.Errorf("step %d should be ahead: %+v", i+1, s)
		}
	}
	// The highlight must be visible, not only a class: the current number's
	// background differs from a step ahead.
	differs := run(t, b, "step highlight", chromedp.Evaluate[bool](`(() => {
		const bg = (sel) => getComputedStyle(document.querySelector(sel)).backgroundColor;
		return bg('.steps__item.is-current .steps__num') !== bg('.steps__item:last-child .steps__num');
	})()`))
	if !differs {
		t.Errorf("step ② is marked current but looks like the steps ahead")
	}
}

// tryText returns the text of a selector if it is on the page now, without
// waiting.
func (b *browser) tryText(css string) (string, error) {
	return chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); return e ? e.textContent.trim() : ''; })()`, css)))
}
