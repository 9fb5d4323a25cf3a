package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// target is one attacked request, with the headers (cookies) every request
// carries, and the answer that counts as a success: the status (200 when zero)
// and, when set, the Location header. Redirects are not followed, so a redirect
// to /login (the session is gone) is a failure, and a form post succeeds only
// with its redirect.
type target struct {
	Name         string
	Method       string // GET when empty
	URL          string
	Body         []byte
	Header       http.Header
	WantStatus   int
	WantLocation string
	// Bases, when set, are the servers the requests go to in turn (URL's
	// path on each): the two-instance runs.
	Bases    []string
	WantBody string
}

// check returns why a result is not the success the target expects, or "".
func (t target) check(r *vegeta.Result) string {
	if r.Error != "" {
		return r.Error
	}
	want := t.WantStatus
	if want == 0 {
		want = http.StatusOK
	}
	loc := r.Headers.Get("Location")
	if int(r.Code) != want || (t.WantLocation != "" && loc != t.WantLocation) {
		if loc != "" {
			return fmt.Sprintf("unexpected answer %d to %q", r.Code, loc)
		}
		return fmt.Sprintf("unexpected answer %d", r.Code)
	}
	if t.WantBody != "" && !bytes.Contains(r.Body, []byte(t.WantBody)) {
		return fmt.Sprintf("the answer lacks %q", t.WantBody)
	}
	return ""
}

// result is one row of the report.
type result struct {
	Name            string         `json:"name"`
	Method          string         `json:"method"`
	URL             string         `json:"url"`
	Requests        uint64         `json:"requests"`
	SuccessPct      float64        `json:"success_pct"`
	ReqPerSec       float64        `json:"req_per_s"` // successful requests per second
	P50Ms           float64        `json:"p50_ms"`
	P90Ms           float64        `json:"p90_ms"`
	P99Ms           float64        `json:"p99_ms"`
	MaxMs           float64        `json:"max_ms"`
	RatioToBaseline float64        `json:"ratio_to_baseline"`
	StatusCodes     map[string]int `json:"status_codes"`
	Errors          []string       `json:"errors,omitempty"`
}

// attack runs the warm-up, then the measured attack, at the highest rate the
// fixed pool of workers sustains: Rate{Freq: 0} is vegeta's "as fast as
// possible", bounded by MaxWorkers.
func attack(ctx context.Context, t target, o options) (result, error) {
	method := t.Method
	if method == "" {
		method = http.MethodGet
	}
	tg := vegeta.NewStaticTargeter(vegeta.Target{Method: method, URL: t.URL, Body: t.Body, Header: t.Header})
	if len(t.Bases) > 0 {
		tg = roundRobin(method, t)
	}
	if o.warmup > 0 {
		if _, err := hit(ctx, tg, t, t.Name+" warm-up", o.warmup, o.workers); err != nil {
			return result{}, err
		}
	}
	m, err := hit(ctx, tg, t, t.Name, o.duration, o.workers)
	if err != nil {
		return result{}, err
	}
	return result{
		Name: t.Name, Method: method, URL: t.URL,
		Requests:    m.Requests,
		SuccessPct:  m.successPct(),
		ReqPerSec:   m.reqPerSec(),
		P50Ms:       ms(m.Latencies.P50),
		P90Ms:       ms(m.Latencies.P90),
		P99Ms:       ms(m.Latencies.P99),
		MaxMs:       ms(m.Latencies.Max),
		StatusCodes: m.StatusCodes,
		Errors:      firstErrors(m.Errors, 5),
	}, nil
}

// metrics are vegeta's, with the successes counted by the target's own check
// (vegeta counts every status below 400).
type metrics struct {
	vegeta.Metrics
	ok uint64
}

func (m *metrics) successPct() float64 {
	if m.Requests == 0 {
		return 0
	}
	return float64(m.ok) / float64(m.Requests) * 100
}

// reqPerSec is successful requests per second, as vegeta's Throughput: over the
// attack's duration plus the wait for the last answers.
func (m *metrics) reqPerSec() float64 {
	if secs := (m.Duration + m.Wait).Seconds(); secs > 0 {
		return float64(m.ok) / secs
	}
	return 0
}

// hit attacks for d with n workers and returns the closed metrics.
func hit(ctx context.Context, tg vegeta.Targeter, t target, name string, d time.Duration, n int) (*metrics, error) {
	a := vegeta.NewAttacker(
		vegeta.Workers(uint64(n)),
		vegeta.MaxWorkers(uint64(n)),
		vegeta.Connections(n), // one keep-alive connection per worker
		vegeta.KeepAlive(true),
		vegeta.Timeout(10*time.Second),
		vegeta.Redirects(vegeta.NoFollow), // target.check decides about redirects
		vegeta.MaxBody(maxBody(t)),
	)
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m metrics
	for res := range a.Attack(tg, vegeta.Rate{Freq: 0}, d, name) {
		if res.Error = t.check(res); res.Error == "" {
			m.ok++
		}
		m.Add(res)
	}
	m.Close()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if m.Requests == 0 {
		return nil, fmt.Errorf("%s: no request was sent", name)
	}
	return &m, nil
}

// maxBody is 0 (read and drop every body; keep none in memory) unless the
// target checks the body: then all of it (-1).
func maxBody(t target) int64 {
	if t.WantBody != "" {
		return -1
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func firstErrors(errs []string, n int) []string {
	errs = slices.Clone(errs)
	slices.Sort(errs)
	if len(errs) > n {
		errs = errs[:n]
	}
	return errs
}

// roundRobin sends t's request to each of t.Bases in turn.
func roundRobin(method string, t target) vegeta.Targeter {
	u, err := url.Parse(t.URL)
	path := "/"
	if err == nil {
		path = u.RequestURI()
	}
	var next atomic.Uint64
	return func(tgt *vegeta.Target) error {
		base := t.Bases[(next.Add(1)-1)%uint64(len(t.Bases))]
		*tgt = vegeta.Target{Method: method, URL: base + path, Body: t.Body, Header: t.Header}
		return nil
	}
}
