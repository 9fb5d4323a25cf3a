//go:build integration

package integration

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/domain/member/membertest"
	"github.com/openassoc/membership/membershiptest"
)

// TestTwoInstances runs two memberd containers (the image engine.sh builds) on
// one PostgreSQL database, NATS JetStream, one S3 bucket (SeaweedFS) and
// mailpit, behind a round-robin proxy. A member registers on one and logs in
// through the other; the scan uploaded on one is downloaded by the reviewer
// from the other; approval, payment confirmation and the secretariat's approval
// each notify and mail exactly once, even though one instance is killed right
// after an approval; the renewal sweep, running on both at once, reminds once.
// It stops containers: not parallel.
func TestTwoInstances(t *testing.T) {
	img := os.Getenv(envImageMemberd)
	if img == "" {
		t.Skip(envImageMemberd + " is not set: the memberd image is built by test/containers/engine.sh (podman)")
	}
	began := time.Now()
	dsn := createDatabase(t, "instances_"+randomHex(4))
	bucket := createBucket(t, "instances-"+randomHex(4))
	smtpHost, smtpPort := mailpit{t}.smtpAddr()
	proxyLn := httptest.NewUnstartedServer(nil)
	base := "http://" + proxyLn.Listener.Addr().String()
	args := []string{"-db", dsn, "-nats-url", natsURL(t), "-files", s3FilesURL(bucket, s3Endpoint(t)),
		"-smtp-host", smtpHost, "-smtp-port", strconv.Itoa(smtpPort), "-smtp-tls", "none",
		"-mail-from", "noreply@example.org", "-base-url", base, "-captcha-test-mode",
		"-renewal-sweep-every", "1s", "-log-level", "warn"}
	ctl := memberctlBinary(t)
	createStaff(t, ctl, dsn, "reviewer", "reviewer", "reviewer2024pass")
	createStaff(t, ctl, dsn, "finance", "finance", "finance2024pass")
	createStaff(t, ctl, dsn, "secretary", "secretariat", "secretary2024pass")
	a := startInstance(t, img, "memberd-a", args...)
	b := startInstance(t, img, "memberd-b", args...)
	t.Logf("two instances ready after %.1f s", time.Since(began).Seconds())
	rr := newRoundRobin(a.url(), b.url())
	proxyLn.Config.Handler = rr
	proxyLn.Start()
	defer proxyLn.Close()

	apiA := apiClient{t: t, base: a.url() + "/api/v1"}
	apiB := apiClient{t: t, base: b.url() + "/api/v1"}
	proxy := apiClient{t: t, base: base + "/api/v1"}

	// Registered on A, verified and logged in through B.
	email := "multi." + randomHex(4) + "@xinghe.example"
	name := "星河多实例科技有限公司" + randomHex(2)
	apiA.call(http.MethodPost, "/members", "", map[string]any{"kind": "enterprise", "email": email, "name": name,
		"password": "secret123", "password_confirm": "secret123", "captcha_token": apiA.passCaptcha("register")},
		http.StatusAccepted, nil)
	welcome := mailpit{t}.waitFor(email, "会员账号注册成功", 60*time.Second)
	link := regexp.MustCompile(regexp.QuoteMeta(base) + `/email/verify\?token=(\S+)`).FindStringSubmatch(welcome.Text)
	require.NotNil(t, link, "the link names the proxy:\n%s", welcome.Text)
	token, err := url.QueryUnescape(link[1])
	require.NoError(t, err)
	apiB.call(http.MethodPost, "/email-verifications/confirm", "", map[string]any{"token": token}, http.StatusNoContent, nil)
	tok := apiB.login(false, name, "secret123")

	// The application saved on B, the scan uploaded on A, submitted on B.
	var me struct {
		ID string `json:"id"`
	}
	apiA.call(http.MethodGet, "/me", tok, nil, http.StatusOK, &me)
	apiB.call(http.MethodPut, "/me/application", tok, map[string]any{"enterprise": membertest.EnterpriseForm(name),
		"require_complete": true}, http.StatusOK, nil)
	scan := membershiptest.PNG(t, 600, 800)
	status, body := apiA.upload("/me/application/scan", tok, "scan", "scan.png", scan)
	require.Equal(t, http.StatusCreated, status, body)
	apiB.call(http.MethodPost, "/me/application/submit", tok, map[string]any{"confirmed_stamped": true}, http.StatusOK, nil)

	// The reviewer, on B, downloads what A stored; approves on A, and A dies.
	reviewer := apiB.login(true, "reviewer", "reviewer2024pass")
	got := apiB.download("/applications/"+me.ID+"/scan", reviewer)
	assert.True(t, bytes.Equal(scan, got), "the scan read on B is the one uploaded on A (%d bytes, got %d)", len(scan), len(got))
	apiA.call(http.MethodPost, "/applications/"+me.ID+"/approve", reviewer, nil, http.StatusOK, nil)
	killed := time.Now()
	a.kill(t)

	// B (through the proxy, which now finds only B) carries on with the events
	// A left and the rest of the flow.
	mailpit{t}.waitFor(email, "入会申请审核通过", 90*time.Second)
	t.Logf("the approval email arrived %.1f s after A was killed", time.Since(killed).Seconds())
	var claim struct {
		ID string `json:"id"`
	}
	proxy.call(http.MethodPost, "/me/fees/claim", tok, nil, http.StatusCreated, &claim)
	finance := proxy.login(true, "finance", "finance2024pass")
	proxy.call(http.MethodPost, "/payments/"+claim.ID+"/confirm", finance, map[string]any{"amount_fen": 500000,
		"paid_on": time.Now().Format(time.DateOnly), "bank_ref": "MULTI-" + randomHex(3)}, http.StatusOK, nil)
	secretary := proxy.login(true, "secretary", "secretary2024pass")
	proxy.call(http.MethodPost, "/memberships/approve", secretary, map[string]any{"member_ids": []string{me.ID},
		"doc_no": "中质协〔2026〕15号"}, http.StatusOK, nil)
	mailpit{t}.waitFor(email, "会费缴纳已确认", 60*time.Second)
	mailpit{t}.waitFor(email, "入会审批通过", 60*time.Second)
	t.Logf("the flow through B done after %.1f s", time.Since(began).Seconds())

	// A back; both run the renewal sweep every second. The validity is moved
	// to end in 20 days: one 30-day reminder is due.
	require.NoError(t, a.ctr.Start(context.Background()))
	a.waitReady(t)
	t.Logf("A restarted after %.1f s", time.Since(began).Seconds())
	db, err := bunstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.SQL().ExecContext(context.Background(),
		`UPDATE members SET valid_until = CURRENT_DATE + 20, valid_from = CURRENT_DATE - 345 WHERE id = $1`, me.ID)
	require.NoError(t, err)
	// The sweep's lease (one minute) may still be the killed A's: it expires
	// now rather than in a minute, and both instances compete for the next.
	_, err = db.SQL().ExecContext(context.Background(),
		`UPDATE leases SET expires_at = now() - interval '1 second' WHERE name = 'renewal_sweep'`)
	require.NoError(t, err)
	mailpit{t}.waitFor(email, "会员续费提醒", 60*time.Second)
	t.Logf("the reminder arrived after %.1f s", time.Since(began).Seconds())
	// Three more sweep attempts on each instance (one runs, the other skips,
	// as the lease says): nothing more may come.
	sweeps := func(in *instance) float64 {
		n, _ := in.metric(t, "membership_renewal_sweep_runs_total{")
		return n
	}
	fromA, fromB := sweeps(a), sweeps(b)
	require.Eventually(t, func() bool { return sweeps(a) >= fromA+3 && sweeps(b) >= fromB+3 }, 60*time.Second,
		200*time.Millisecond, "both instances keep sweeping")
	ran, _ := a.metric(t, `membership_renewal_sweep_runs_total{result="ran"}`)
	ranB, _ := b.metric(t, `membership_renewal_sweep_runs_total{result="ran"}`)
	assert.Positive(t, ran+ranB, "a sweep ran")
	backlog, ok := b.metric(t, "membership_outbox_backlog ")
	assert.True(t, ok, "the PostgreSQL outbox backlog is exported")
	assert.Less(t, backlog, 50.0, "the forwarder keeps the outbox drained")
	requests, _ := b.metric(t, `membership_http_requests_total{method="POST",route="/api/v1/memberships/approve"`)
	assert.Positive(t, requests, "requests are counted by route pattern")

	subjects := map[string]int{}
	list, err := mailpit{t}.to(email)
	require.NoError(t, err)
	for _, m := range list {
		subjects[strings.TrimPrefix(m.Subject, "【中国质量协会】")]++
	}
	for subject, n := range subjects {
		assert.Equal(t, 1, n, "email %q sent once; all: %v", subject, subjects)
	}
	for _, want := range []string{"入会申请审核通过", "会费缴纳已确认", "入会审批通过", "会员续费提醒"} {
		assert.Equal(t, 1, subjects[want], "email %q; all: %v", want, subjects)
	}
	var notes struct {
		Items []struct {
			Category string `json:"category"`
			Text     string `json:"text"`
		} `json:"items"`
	}
	proxy.call(http.MethodGet, "/me/notifications?limit=100", tok, nil, http.StatusOK, &notes)
	seen := map[string]int{}
	for _, n := range notes.Items {
		seen[n.Category+": "+n.Text]++
	}
	for text, n := range seen {
		assert.Equal(t, 1, n, "notification %q once", text)
	}
	assert.GreaterOrEqual(t, len(seen), 4, "approval, payment, membership, reminder: %v", seen)
	assert.Positive(t, rr.servedBy(a.url()), "the proxy used A")
	assert.Positive(t, rr.servedBy(b.url()), "the proxy used B")
	t.Logf("the two-instance flow took %.1f s (containers included)", time.Since(began).Seconds())
}
