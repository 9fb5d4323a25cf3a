package usecases_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/core/app/query"
	"github.com/openassoc/membership/membershiptest"
)

// lookupConnections and lookupLoadTime shape the load of 会员查询: 64 clients,
// each sending its next request when the last one answered.
const (
	lookupConnections = 64
	lookupLoadTime    = 3 * time.Second
)

// lookupRouter serves 会员查询 as its own endpoint: the bunrouter route, the
// core's PublicMemberLookup (validation, the exact lookup on the seeded
// SQLite file, the public fields) and a JSON answer — without the per-address
// limit, which the "api" case measures.
func lookupRouter(env *membershiptest.Env) http.Handler {
	r := bunrouter.New()
	r.GET("/lookup", func(w http.ResponseWriter, req bunrouter.Request) error {
		res, err := env.App.Queries.PublicMemberLookup.Handle(req.Context(),
			query.PublicMemberLookup{Query: req.URL.Query().Get("q")})
		if err != nil {
			return err
		}
		return json.NewEncoder(w).Encode(res)
	})
	return r
}

// lookupQueries are 4096 queries of one kind over the whole seed.
func lookupQueries(kind string) []string {
	out := make([]string, 4096)
	for j := range out {
		i := (j * 244_147) % lookupMembers // spread over the table
		number, name, uscc := lookupMember(i)
		switch kind {
		case "number":
			out[j] = number
		case "name":
			out[j] = name
		case "uscc":
			if uscc == "" {
				_, _, uscc = lookupMember(i + 1)
			}
			out[j] = uscc
		default:
			out[j] = fmt.Sprintf("不存在的会员%07d", i)
		}
	}
	return out
}

// BenchmarkPublicMemberLookup measures 会员查询 over 1 000 000 members on
// SQLite (seeded with plain SQL, cached between runs): by member number, by
// exact name, by USCC and a miss, each through a bunrouter endpoint with the
// core's query and store; and "api", the module's whole handler for GET
// /api/v1/public/members with the per-address limit (a distinct address per
// request, so that every request reserves its attempt in the database). Each
// case reports ns/op, x-bare-router, and the p50/p99 of 64 concurrent clients
// with the bare router's p99 under the same load and their ratio.
func BenchmarkPublicMemberLookup(b *testing.B) {
	env := lookupEnv(b)
	lookup := lookupRouter(env)
	api := env.Handler()
	var addr atomic.Int64
	for _, kind := range []string{"number", "name", "uscc", "miss", "api"} {
		b.Run(kind, func(b *testing.B) {
			qs := lookupQueries(kind)
			if kind == "api" {
				qs = lookupQueries("number")
			}
			var next atomic.Int64
			get := func() bool {
				q := qs[next.Add(1)%int64(len(qs))]
				var req *http.Request
				if kind == "api" {
					req = httptest.NewRequest(http.MethodGet, "/api/v1/public/members?q="+url.QueryEscape(q), nil)
					n := addr.Add(1)
					req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", n>>16&255, n>>8&255, n&255)
				} else {
					req = httptest.NewRequest(http.MethodGet, "/lookup?q="+url.QueryEscape(q), nil)
				}
				rec := httptest.NewRecorder()
				if kind == "api" {
					api.ServeHTTP(rec, req)
				} else {
					lookup.ServeHTTP(rec, req)
				}
				return rec.Code == http.StatusOK
			}
			if !get() {
				b.Fatalf("%s: the first lookup failed", kind)
			}
			b.ReportAllocs()
			for b.Loop() {
				if !get() {
					b.Fatalf("%s: a lookup failed", kind)
				}
			}
			reportRatioToBareRouter(b)
			reportLookupLoad(b, get)
		})
	}
}

// reportLookupLoad runs 64 clients of do, then of the bare router, and
// reports both p99s and their ratio.
func reportLookupLoad(b *testing.B, do func() bool) {
	b.StopTimer()
	p50, p99, n := loadAt(lookupConnections, lookupLoadTime, do)
	h := bareRouter()
	_, bare99, _ := loadAt(lookupConnections, lookupLoadTime, func() bool { serveBare(h); return true })
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms@64")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms@64")
	b.ReportMetric(float64(bare99.Microseconds())/1000, "bare-p99-ms@64")
	if bare99 > 0 {
		b.ReportMetric(float64(p99)/float64(bare99), "p99-x-bare")
	}
	b.ReportMetric(float64(n)/lookupLoadTime.Seconds(), "req/s@64")
}

// loadAt runs conns clients of do for d and returns the median and 99th
// percentile latency and the number of requests; a failed request stops its
// client.
func loadAt(conns int, d time.Duration, do func() bool) (p50, p99 time.Duration, n int) {
	var (
		mu   sync.Mutex
		lats []time.Duration
		wg   sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for range conns {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(stop) {
				start := time.Now()
				if !do() {
					break
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(lats) == 0 {
		return 0, 0, 0
	}
	slices.Sort(lats)
	return lats[len(lats)/2], lats[len(lats)*99/100], len(lats)
}
