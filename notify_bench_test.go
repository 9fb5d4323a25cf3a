package membership_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/webui"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// BenchmarkBareRouter is the baseline the endpoint benchmarks are read against:
// a bunrouter handler that only writes "ok", measured in the same run.
func BenchmarkBareRouter(b *testing.B) {
	r := bunrouter.New()
	r.POST("/", func(w http.ResponseWriter, _ bunrouter.Request) error {
		_, err := w.Write([]byte("ok"))
		return err
	})
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("a=b")))
	}
}

// BenchmarkPaymentNotification posts Alipay's signed asynchronous notification to
// the module's notify endpoint, as the gateway redelivers it: signature and app
// id verified, the order looked up, the duplicate recognised, "success".
func BenchmarkPaymentNotification(b *testing.B) {
	env := membershiptest.New(b)
	p := env.ApprovedMember(b, "individual", "基准个人", "bench-notify@example.com")
	started, err := env.App.Commands.StartOnlinePayment.Handle(ctx, command.StartOnlinePayment{Principal: p})
	if err != nil {
		b.Fatal(err)
	}
	form := env.Module.AlipaySandbox().SignedNotification(ports.PaymentOrder{OutTradeNo: started.OutTradeNo,
		AmountFen: started.AmountFen, Subject: started.Subject}, "TRADE_SUCCESS")
	body := form.Encode()
	h := env.Handler()
	post := func() string {
		req := httptest.NewRequest(http.MethodPost, webui.PaymentNotifyPath, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	if got := post(); got != "success" {
		b.Fatalf("first delivery answered %q", got)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got := post(); got != "success" {
			b.Fatalf("redelivery answered %q", got)
		}
	}
}
