package webui_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/httpmw"
	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// feeFixture is a module that opted into the embedded Alipay sandbox, whose web
// UI mounts it as the facade does.
type feeFixture struct {
	*appFixture
	sim sandboxSigner
}

// sandboxSigner is what the tests use of the sandbox's simulator
// (alipaysim.Sim, reached through the module): messages signed as the gateway.
type sandboxSigner interface {
	SignedReturn(o ports.PaymentOrder) url.Values
	SignedNotification(o ports.PaymentOrder, status string) url.Values
	Sign(params url.Values) url.Values
}

func setupFees(t *testing.T) *feeFixture {
	t.Helper()
	env := membershiptest.New(t, membershiptest.WithAlipaySandbox())
	log := slog.New(slog.DiscardHandler)
	sandbox := env.Module.SandboxHandler()
	require.NotNil(t, sandbox, "the module has the embedded sandbox it opted into")
	ui, err := webui.New(env.App, webui.Config{BaseURL: siteURL, CaptchaTestMode: true, PaymentSandbox: sandbox}, log)
	require.NoError(t, err)
	fx := &fixture{env: env, h: ui.NewRouter(httpmw.Chain(httpmw.Options{Logger: log}))}
	sim := env.Module.AlipaySandbox()
	require.NotNil(t, sim)
	return &feeFixture{appFixture: &appFixture{fixture: fx}, sim: sim}
}

// approvedMember registers a member of a kind, has its application approved
// through the core and logs it in through the form.
func (f *feeFixture) approvedMember(t *testing.T, kind, name, email string) (access.Principal, *browser) {
	t.Helper()
	p := f.env.ApprovedMember(t, kind, name, email)
	b := f.browser(t)
	require.Equal(t, http.StatusSeeOther, b.login(name, goodPass, false).Status)
	return p, b
}

// feePage reads the member's 缴纳会费 data through the core.
func (f *feeFixture) feePage(t *testing.T, p access.Principal) query.FeePageView {
	t.Helper()
	v, err := f.env.App.Queries.FeePage.Handle(context.Background(), query.FeePage{Principal: p})
	require.NoError(t, err)
	return v
}

// status returns the member's lifecycle status as stored.
func (f *feeFixture) status(t *testing.T, id string) member.Status {
	t.Helper()
	return f.stored(t, id).Status()
}

// openClaim returns the member's open claim id (it must have one).
func (f *feeFixture) openClaim(t *testing.T, p access.Principal) string {
	t.Helper()
	v := f.feePage(t, p)
	require.NotNil(t, v.OpenPayment, "the member has an open claim")
	return v.OpenPayment.ID
}

// payments returns the member's payments, newest first.
func (f *feeFixture) payments(t *testing.T, id string) []*payment.Payment {
	t.Helper()
	ps, err := f.env.Module.Ports().Payments.ListForMember(context.Background(), id, 50)
	require.NoError(t, err)
	return ps
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// cashierForm reads the hidden fields of the sandbox cashier's 「确认付款」 form.
func cashierForm(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(body, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	require.NotEmpty(t, v.Get("sign"), "the cashier carries the signed request")
	return v
}

// pathOf returns the path and query of an absolute URL of the site.
func pathOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(raw, siteURL+"/"), "%s is on the site", raw)
	return u.RequestURI()
}

// notify posts a gateway notification to the web UI as the gateway does (a
// form, no cookies, no CSRF token) and returns the answer.
func (f *feeFixture) notify(t *testing.T, form url.Values) response {
	t.Helper()
	b := f.browser(t)
	return b.postRaw(webui.PaymentNotifyPath, form, nil)
}
