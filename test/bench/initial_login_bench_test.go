package bench_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/adapters/argon2hash"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/access"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/test/bench/importbench"
)

// initialLogins is how many first logins run at once.
const initialLogins = 64

// BenchmarkInitialLogin runs 64 concurrent first logins (64 goroutines,
// through the login use case on SQLite, production argon2id parameters) of
// members imported by 导入老会员 with their initial passwords (the pinyin of
// 张三), then, in the same run, 64 concurrent logins of ordinary members with
// argon2id-hashed passwords. Every login must succeed. It reports both rates
// and the ratio of their times (an initial login checks a dummy hash for
// equal timing, so about 1 is expected).
// Run: go test -run x -bench InitialLogin -benchtime 1x ./test/bench/
func BenchmarkInitialLogin(b *testing.B) {
	env := membershiptest.New(b, membershiptest.WithModuleOption(membership.WithPasswordHasher(argon2hash.Default())))
	admin := env.Staff(b, access.RoleAdmin)
	for i := range b.N {
		b.StopTimer()
		imported := importForLogin(b, env, admin, i)
		ordinary := make([]string, initialLogins)
		for j := range ordinary {
			ordinary[j] = fmt.Sprintf("普通登录%d-%02d科技有限公司", i, j) // members log in by name
			env.RegisterMember(b, "enterprise", ordinary[j], fmt.Sprintf("plain%d-%d@example.com", i, j), "abc12345")
		}
		quiesce(b, env) // the registrations' emails and events done: they would slow the first group
		b.StartTimer()
		plain := concurrentLogins(b, env, ordinary, "abc12345")
		first := concurrentLogins(b, env, imported, "zhangsan")
		b.ReportMetric(initialLogins/first.Seconds(), "initial_logins/s")
		b.ReportMetric(initialLogins/plain.Seconds(), "argon2_logins/s")
		b.ReportMetric(first.Seconds()/plain.Seconds(), "initial/argon2_time")
	}
}

// importForLogin imports 64 enterprises (first contact 张三) and returns
// their member numbers (the login).
func importForLogin(b *testing.B, env *membershiptest.Env, admin access.Principal, round int) []string {
	b.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(importbench.Header())
	numbers := make([]string, initialLogins)
	for j := range numbers {
		n := round*initialLogins + j + 500000
		vals := importbench.Strings(importbench.Row(n))
		vals[2] = fmt.Sprintf("19%06d", n) // the member number column
		numbers[j] = vals[2]
		_ = w.Write(vals)
	}
	w.Flush()
	data := buf.Bytes()
	f := command.ImportFile{Name: "logins.csv", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
	ctx := context.Background()
	rep, err := env.App.Commands.PreviewImport.Handle(ctx, command.PreviewImport{Principal: admin, File: f})
	if err != nil || rep.Creates != initialLogins {
		b.Fatalf("preview: %v (%d creates, problems %v)", err, rep.Creates, rep.Problems)
	}
	if _, err := env.App.Commands.CommitImport.Handle(ctx, command.CommitImport{Principal: admin, File: f,
		Key: rep.Key}); err != nil {
		b.Fatal(err)
	}
	return numbers
}

// concurrentLogins logs each account in from its own goroutine (and
// address) at once and returns the time until the last is in; any failure
// fails the benchmark. The captcha passes are made beforehand.
func concurrentLogins(b *testing.B, env *membershiptest.Env, logins []string, password string) time.Duration {
	b.Helper()
	b.StopTimer()
	passes := make([]string, len(logins))
	for i := range passes {
		passes[i] = env.PassCaptcha(b, captcha.PurposeLogin)
	}
	b.StartTimer()
	var wg sync.WaitGroup
	errs := make(chan error, len(logins))
	start := time.Now()
	for i, login := range logins {
		wg.Go(func() {
			_, err := env.App.Commands.Login.Handle(context.Background(), command.Login{Login: login,
				Password: password, CaptchaToken: passes[i], RemoteAddr: fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)})
			if err != nil {
				errs <- fmt.Errorf("login %s: %w %v", login, err, apperr.As(err).Fields)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(errs)
	for err := range errs {
		b.Error(err)
	}
	if b.Failed() {
		b.FailNow()
	}
	return took
}

// quiesce waits until the module has no event in its outbox and no email in
// its queue (read from its metrics), so that no background work of the
// set-up runs during a timed group.
func quiesce(b *testing.B, env *membershiptest.Env) {
	b.Helper()
	idle := func() bool {
		rec := httptest.NewRecorder()
		env.Module.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		body := rec.Body.String()
		return strings.Contains(body, "\nmembership_outbox_backlog 0\n") &&
			strings.Contains(body, "\nmembership_mail_queue_pending 0\n")
	}
	if !env.WaitUntil(time.Minute, idle) {
		b.Fatal("the module's background work did not finish within a minute")
	}
}
