package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// target is one attacked URL, with the headers (cookies) every request carries.
type target struct {
	Name   string
	URL    string
	Header http.Header
}

// result is one row of the report.
type result struct {
	Name            string         `json:"name"`
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
	tg := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: t.URL, Header: t.Header})
	if o.warmup > 0 {
		if _, err := hit(ctx, tg, t.Name+" warm-up", o.warmup, o.workers); err != nil {
			return result{}, err
		}
	}
	m, err := hit(ctx, tg, t.Name, o.duration, o.workers)
	if err != nil {
		return result{}, err
	}
	return result{
		Name: t.Name, URL: t.URL,
		Requests:    m.Requests,
		SuccessPct:  m.Success * 100,
		ReqPerSec:   m.Throughput,
		P50Ms:       ms(m.Latencies.P50),
		P90Ms:       ms(m.Latencies.P90),
		P99Ms:       ms(m.Latencies.P99),
		MaxMs:       ms(m.Latencies.Max),
		StatusCodes: m.StatusCodes,
		Errors:      firstErrors(m.Errors, 5),
	}, nil
}

// hit attacks for d with n workers and returns the closed metrics.
func hit(ctx context.Context, tg vegeta.Targeter, name string, d time.Duration, n int) (*vegeta.Metrics, error) {
	a := vegeta.NewAttacker(
		vegeta.Workers(uint64(n)),
		vegeta.MaxWorkers(uint64(n)),
		vegeta.Connections(n), // one keep-alive connection per worker
		vegeta.KeepAlive(true),
		vegeta.Timeout(10*time.Second),
		vegeta.Redirects(0), // a redirect (to /login: the session is gone) is a failure
		vegeta.MaxBody(0),   // read and drop every body; keep none in memory
	)
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m vegeta.Metrics
	for res := range a.Attack(tg, vegeta.Rate{Freq: 0}, d, name) {
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

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func firstErrors(errs []string, n int) []string {
	errs = slices.Clone(errs)
	slices.Sort(errs)
	if len(errs) > n {
		errs = errs[:n]
	}
	return errs
}
