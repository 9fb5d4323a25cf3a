package bench_test

import (
	"context"
	"testing"

	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
)

// BenchmarkSessionLookup resolves a member's session token the way every page of
// the portal does first (CurrentSession: hash the token, read the session row,
// check its expiry), against the module's real SQLite store.
func BenchmarkSessionLookup(b *testing.B) {
	lookup, token := loggedIn(b, "会话基准测试企业", "session-bench@example.com")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := lookup.Handle(ctx, token); err != nil {
			b.Fatalf("lookup: %v", err)
		}
	}
}

// BenchmarkSessionLookupParallel is BenchmarkSessionLookup with concurrent
// callers, as under load.
func BenchmarkSessionLookupParallel(b *testing.B) {
	lookup, token := loggedIn(b, "并发会话基准企业", "session-bench-par@example.com")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := lookup.Handle(ctx, token); err != nil {
				b.Errorf("lookup: %v", err)
				return
			}
		}
	})
}

// loggedIn builds a module (membershiptest: temporary SQLite, cheap password
// hashing), registers and logs in a member through the real use cases, and
// returns the CurrentSession query with the session's raw token.
func loggedIn(b *testing.B, name, email string) (*query.CurrentSessionHandler, string) {
	b.Helper()
	const password = "Bench2024ok"
	env := membershiptest.New(b)
	env.RegisterMember(b, "enterprise", name, email, password)
	ctx := context.Background()
	res, err := env.App.Commands.Login.Handle(ctx, command.Login{
		Login: name, Password: password, CaptchaToken: env.PassCaptcha(b, captcha.PurposeLogin), RemoteAddr: "127.0.0.1"})
	if err != nil {
		b.Fatalf("login: %v", err)
	}
	lookup := env.App.Queries.CurrentSession
	if s, err := lookup.Handle(ctx, res.Token); err != nil || !s.Principal.IsMember() {
		b.Fatalf("lookup before the run: %+v, %v", s, err)
	}
	return lookup, res.Token
}
