package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/openassoc/membership/membershiptest"
)

// registerEnterprise fills 加入会员 → 企业入会 as a person would and expects 注册成功.
func (b *browser) registerEnterprise(t *testing.T, email, name, password string) {
	t.Helper()
	b.open(t, "/register")
	b.do(t, "企业入会 tab", chromedp.Click(chromedp.ID("tab-enterprise"), chromedp.NodeVisible))
	b.fill(t,
		[2]string{"f-email", email},
		[2]string{"f-name", name},
		[2]string{"f-password", password},
		[2]string{"f-password-confirm", password},
	)
	b.solveSlider(t)
	b.clickAndLoad(t, "立即注册", `form[action="/register"] button[type="submit"]`)
	if title := b.text(t, "#page-title"); title != "注册成功" {
		t.Fatalf("after 立即注册: title %q, want 注册成功", title)
	}
}

// staffLogin logs a staff account in at /admin/login and expects the back office.
func (b *browser) staffLogin(t *testing.T, username, password string) {
	t.Helper()
	b.open(t, "/admin/login")
	b.fill(t, [2]string{"f-username", username}, [2]string{"f-password", password})
	b.solveSlider(t)
	if p := b.clickAndLoad(t, "后台登录", `form[action="/admin/login"] button[type="submit"]`); p != "/admin" {
		alert, _ := b.tryText(".alert--error, .field__error")
		b.fatal(t, "后台登录", fmt.Errorf("landed on %s, not /admin (%s)", p, alert))
	}
}

// desktop ends a phone emulation and reloads the page at the window's 1280 px.
func (b *browser) desktop(t *testing.T) {
	t.Helper()
	b.do(t, "desktop viewport", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{})
		return err
	}), chromedp.Reload())
}

// choose picks the option of a select by its value, as a person choosing from the
// list would, and checks the choice took.
func (b *browser) choose(t *testing.T, id, value string) {
	t.Helper()
	sel := chromedp.ID(id)
	b.do(t, "choose #"+id, chromedp.SetValue(sel, value, chromedp.NodeVisible))
	if got := run(t, b, "read #"+id, chromedp.Value(sel)); got != value {
		b.fatal(t, "choose #"+id, fmt.Errorf("value %q, want %q", got, value))
	}
}

// fillArea types into an empty textarea (chromedp.Clear needs a text node, which
// an empty textarea lacks).
func (b *browser) fillArea(t *testing.T, id, text string) {
	t.Helper()
	sel := chromedp.ID(id)
	b.do(t, "fill #"+id, chromedp.SendKeys(sel, text, chromedp.NodeVisible))
	if got := run(t, b, "read #"+id, chromedp.Value(sel)); got != text {
		b.fatal(t, "fill #"+id, fmt.Errorf("value %q, want %q", got, text))
	}
}

// fieldError returns the message shown next to an input, and checks the input is
// marked invalid and described by it; "" when there is none.
func (b *browser) fieldError(t *testing.T, id string) string {
	t.Helper()
	return run(t, b, "error of #"+id, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const input = document.getElementById(%q);
		const err = input && input.closest('.field').querySelector('.field__error');
		if (!err) return '';
		if (input.getAttribute('aria-invalid') !== 'true') return 'not aria-invalid';
		if (!(input.getAttribute('aria-describedby') || '').split(' ').includes(err.id)) return 'not described by';
		return err.textContent.trim();
	})()`, id)))
}

// imageShown waits for the first image matching css to load and reports its
// natural size (0×0 when it failed to load).
func (b *browser) imageShown(t *testing.T, css string) (int, int) {
	t.Helper()
	size := run(t, b, "image "+css, chromedp.Evaluate[[]int](fmt.Sprintf(`new Promise((resolve) => {
		const img = document.querySelector(%q);
		if (!img) { resolve([0, 0]); return; }
		const done = () => resolve([img.naturalWidth, img.naturalHeight]);
		if (img.complete) { done(); return; }
		img.addEventListener('load', done);
		img.addEventListener('error', done);
	})`, css), chromedp.EvalAwaitPromise))
	if len(size) != 2 {
		return 0, 0
	}
	return size[0], size[1]
}

// fetch requests a path of the site with the browser's cookies, as a download
// would, and returns the response with its body read.
func (b *browser) fetch(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	cookies := run(t, b, "cookies", func(ctx context.Context, tg *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{b.base + "/"}})
	})
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("fetch %s: read: %v", path, err)
	}
	return res, body
}

// waitForText reloads the page until css shows text containing want, or fails
// after timeout (for what event handlers write in the background): again each
// time the module's background work moves on (membershiptest.Env.WaitUntil).
func (b *browser) waitForText(t *testing.T, env *membershiptest.Env, css, want string, timeout time.Duration) string {
	t.Helper()
	var got string
	loaded := true // the page as it is first, then reloaded
	ok := env.WaitUntil(timeout, func() bool {
		if !loaded {
			b.do(t, "reload", chromedp.Reload())
		}
		loaded = false
		got, _ = b.tryText(css)
		return strings.Contains(got, want)
	})
	if !ok {
		b.fatal(t, "wait for "+want, fmt.Errorf("%s shows %q", css, got))
	}
	return got
}

// stampedScan writes a picture of a stamped, signed A4 form (a white page, lines
// of text, a red round seal) as a PNG file and returns its path.
func stampedScan(t *testing.T) string {
	t.Helper()
	const w, h = 620, 877
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	white, ink, red := color.RGBA{255, 255, 255, 255}, color.RGBA{60, 60, 70, 255}, color.RGBA{210, 30, 30, 255}
	for y := range h {
		for x := range w {
			img.Set(x, y, white)
		}
	}
	// The title and the rows of the form as grey bars.
	for x := 180; x < 440; x++ {
		for y := 60; y < 74; y++ {
			img.Set(x, y, ink)
		}
	}
	for row := range 18 {
		y0 := 120 + row*36
		for x := 60; x < 560; x++ {
			img.Set(x, y0+24, color.RGBA{190, 190, 200, 255})
		}
		for x := 60; x < 60+80+(row*37)%200; x++ {
			for y := y0 + 8; y < y0+18; y++ {
				img.Set(x, y, ink)
			}
		}
	}
	// The seal: a red ring with a star, over the signature line.
	cx, cy := 460, 760
	for y := cy - 70; y <= cy+70; y++ {
		for x := cx - 70; x <= cx+70; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if (d <= 70*70 && d >= 62*62) || (d <= 14*14) {
				img.Set(x, y, red)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatalf("encode scan: %v", err)
	}
	// A real scanner names it .jpg sometimes; the content decides, so keep .png.
	path := filepath.Join(t.TempDir(), "入会申请表-盖章.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatalf("write scan: %v", err)
	}
	return path
}
