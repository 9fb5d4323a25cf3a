package usecases_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// bareRouter is the baseline handler: a bunrouter router with one handler that
// only writes "ok".
func bareRouter() http.Handler {
	r := bunrouter.New()
	r.POST("/", func(w http.ResponseWriter, _ bunrouter.Request) error {
		_, err := w.Write([]byte("ok"))
		return err
	})
	return r
}

// serveBare is one request to the bare router, built as the endpoint
// benchmarks build theirs.
func serveBare(h http.Handler) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("a=b")))
}

// BenchmarkBareRouter is the baseline the endpoint benchmarks are read against:
// a bunrouter handler that only writes "ok", measured in the same run.
func BenchmarkBareRouter(b *testing.B) {
	h := bareRouter()
	b.ReportAllocs()
	for b.Loop() {
		serveBare(h)
	}
}

// reportRatioToBareRouter measures the bare router inside the calling benchmark
// (for about 300 ms, timer stopped) and adds the metric "x-bare-router": the
// benchmark's measured ns/op divided by the bare router's. Call it after the
// loop. (testing.Benchmark cannot be used here: it would wait for the running
// benchmark to end.)
func reportRatioToBareRouter(b *testing.B) {
	b.Helper()
	if b.N == 0 {
		return
	}
	op := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.StopTimer()
	h := bareRouter()
	for range 1000 { // warm-up
		serveBare(h)
	}
	n, start := 0, time.Now()
	for time.Since(start) < 300*time.Millisecond {
		for range 1000 {
			serveBare(h)
		}
		n += 1000
	}
	base := float64(time.Since(start).Nanoseconds()) / float64(n)
	b.ReportMetric(base, "bare-ns/op")
	b.ReportMetric(op/base, "x-bare-router")
}

// postNotification posts a form-encoded notification to the notify endpoint and
// returns the answer's body.
func postNotification(h http.Handler, body string) string {
	req := httptest.NewRequest(http.MethodPost, webui.PaymentNotifyPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Body.String()
}

// signedPaidNotification approves a new individual member, starts its online
// payment and returns the sandbox's signed TRADE_SUCCESS notification of the
// order (form-encoded) and the order's out_trade_no.
func signedPaidNotification(b *testing.B, env *membershiptest.Env, name, email string) (string, string) {
	b.Helper()
	p := env.ApprovedMember(b, "individual", name, email)
	started, err := env.App.Commands.StartOnlinePayment.Handle(context.Background(), command.StartOnlinePayment{Principal: p})
	if err != nil {
		b.Fatal(err)
	}
	form := env.Module.AlipaySandbox().SignedNotification(ports.PaymentOrder{OutTradeNo: started.OutTradeNo,
		AmountFen: started.AmountFen, Subject: started.Subject}, "TRADE_SUCCESS")
	return form.Encode(), started.OutTradeNo
}

// BenchmarkPaymentNotification posts Alipay's signed asynchronous notification to
// the module's notify endpoint, as the gateway redelivers it: signature and app
// id verified, the order looked up, the duplicate recognised, "success". It also
// reports x-bare-router, its ns/op over BenchmarkBareRouter's in the same run.
func BenchmarkPaymentNotification(b *testing.B) {
	env := membershiptest.New(b, membershiptest.WithAlipaySandbox())
	body, _ := signedPaidNotification(b, env, "基准个人", "bench-notify@example.com")
	h := env.Handler()
	if got := postNotification(h, body); got != "success" {
		b.Fatalf("first delivery answered %q", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := postNotification(h, body); got != "success" {
			b.Fatalf("redelivery answered %q", got)
		}
	}
	reportRatioToBareRouter(b)
}

// hanDigits writes n in Chinese digits (零一二…), for person names, which may
// only contain letters.
func hanDigits(n int) string {
	const digits = "零一二三四五六七八九"
	var sb strings.Builder
	for _, d := range strconv.Itoa(n) {
		sb.WriteString(string([]rune(digits)[d-'0']))
	}
	return sb.String()
}

// BenchmarkPaymentNotificationFirst posts the first notification of a paid order:
// signature and app id verified, the order looked up, the member locked, the
// payment recorded (the opted-in sandbox's payments wait for finance, so the
// member's claim is recorded instead of a confirmation) and the events written
// to the outbox in one transaction, "success". Each iteration confirms a new order of a new member; registering,
// approving and ordering happen with the timer stopped (the module runs on a
// settable clock, so that solving the registration's slider check does not wait
// for the drag time). It also reports x-bare-router, its ns/op over
// BenchmarkBareRouter's in the same run.
func BenchmarkPaymentNotificationFirst(b *testing.B) {
	clock := &membershiptest.Clock{}
	clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	env := membershiptest.New(b, membershiptest.WithClock(clock), membershiptest.WithAlipaySandbox())
	h := env.Handler()
	next := 0
	order := func() (string, string) {
		next++
		return signedPaidNotification(b, env, "首付基准"+hanDigits(next),
			fmt.Sprintf("bench-first-%05d@example.com", next))
	}
	// One confirmation before the run: the sandbox's keys, the statements and the
	// relay are warm, and the path answers "success".
	body, _ := order()
	if got := postNotification(h, body); got != "success" {
		b.Fatalf("warm-up confirmation answered %q", got)
	}
	var last string
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		body, last = order()
		b.StartTimer()
		if got := postNotification(h, body); got != "success" {
			b.Fatalf("first delivery answered %q", got)
		}
	}
	b.StopTimer()
	reportRatioToBareRouter(b)
	if o, err := env.Module.Ports().Payments.GetByOutTradeNo(context.Background(), last); err != nil ||
		!o.SandboxReported() {
		b.Fatalf("the last order is not recorded: %+v, %v", o, err)
	}
}
