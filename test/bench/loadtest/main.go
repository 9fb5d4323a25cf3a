// Command loadtest is a bounded HTTP load run against the real memberd binary,
// compared with a bare bunrouter baseline in the same run:
//
//	go run ./test/bench/loadtest [-duration 5s] [-warmup 1s] [-workers 32] [-registry 0] [-limit 5m]
//
// It builds apps/memberd into a temporary folder and starts it on a free
// 127.0.0.1 port with a temporary -data folder, -log-level warn and
// -captcha-test-mode: the run must log in through the slider check, and test
// mode is the documented way for automated clients to pass it. It registers,
// verifies and logs in a member through the real forms (CSRF cookie and token,
// POST /captcha/new and /captcha/verify, POST /register, the link of the
// verification mail memberd writes to DATA/mail and its page's POST
// /email/verify, POST /login), keeping the session cookie. The baseline, a bunrouter handler that writes "ok", runs in a
// child process (this program re-executed with -serve-baseline), so that the
// attacker shares a process with neither server.
//
// Each target is attacked with vegeta at the maximum rate a fixed pool of workers
// sustains (Rate{Freq: 0} with MaxWorkers), after a warm-up: the baseline GET /,
// the member home GET /member with the session cookie, the public GET /login,
// the enterprise application form GET /member/application/form, and its
// 保存草稿 (POST /member/application/form with the CSRF cookie and token, the
// browser's Origin and Sec-Fetch-Site, and the complete form of
// core/domain/member/membertest). Before the attack the run checks that the
// posted body has exactly the controls of the page's form and that it saves.
// Redirects are not followed and every answer is checked: the pages must answer
// 200 and the post 303 to /member/application/form?done=saved; anything else (a
// redirect to /login, a validation error, a 5xx) is a failure, and req/s counts
// successes only.
//
// Alipay's asynchronous notification (POST /payments/alipay/notify) is not a
// target: memberd runs here without online payment (no -alipay-sandbox: the
// run pays nothing online), and the embedded sandbox, when switched on,
// generates its signing key in the server's memory at start-up, so no validly
// signed notification could be made outside the process anyway. The root package's BenchmarkPaymentNotification (redelivery) and
// BenchmarkPaymentNotificationFirst (first confirmation) measure that endpoint
// against a bare router instead.
//
// With -registry N (0, the default, skips it) the run first seeds memberd's
// SQLite file with N members written directly (test/bench/benchseed: no argon2
// per row, no events) and creates one admin with memberctl create-staff (one
// password hash), then, after the member targets, logs the admin in through
// the real /admin/login form (slider in test mode) and attacks 会员管理: the
// list's page 1 unfiltered, a province + status filter, a name substring
// (「质量」), pinyin initials (「zgzl」), the first listed member's detail, and
// GET /api/v1/members with the staff session's token as the bearer token. Each
// page is read once before the attack for the text its answers must then
// contain (「共 N 位会员」, the detail's title, the API's "total"); an answer
// without it is a failure. Seeding 100 000 members takes minutes on a busy
// machine: give such a run a larger -limit (e.g. -registry 100000 -workers 16
// -limit 20m).
//
// It prints a table (requests, success, req/s, p50, p99 and the ratio to the
// baseline's req/s) and writes it as JSON to a temporary folder, whose path it
// prints. All traffic goes to 127.0.0.1; the run stops by itself, and the child
// processes are stopped on exit, also on errors and on Ctrl-C.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// options are the command's flags.
type options struct {
	duration time.Duration
	warmup   time.Duration
	workers  int
	limit    time.Duration
	// db and instances: with -db postgres://… and -instances 2 a second
	// memberd shares the database, and the member home and login page are
	// also attacked round-robin across both.
	db        string
	instances int
	// sweepMembers, with -db postgres://…, seeds that many members and
	// measures the member home's p99 during a renewal sweep over them (run by
	// one more memberd; the others sweep nothing) against its idle p99.
	sweepMembers int
	registry     int
}

func main() {
	var o options
	serve := flag.Bool("serve-baseline", false, "internal: serve the baseline bunrouter handler and print its address (the load run starts this itself)")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "measured attack duration per target")
	flag.DurationVar(&o.warmup, "warmup", 1*time.Second, "warm-up attack per target before the measured run (0: none)")
	flag.IntVar(&o.workers, "workers", 32, "concurrent workers (and keep-alive connections), the same for every target")
	flag.DurationVar(&o.limit, "limit", 5*time.Minute, "upper bound of the whole run, build included")
	flag.StringVar(&o.db, "db", "", "memberd's -db (a postgres:// URL for -instances 2); empty: SQLite in a temporary folder")
	flag.IntVar(&o.instances, "instances", 1, "memberd processes: 1, or 2 sharing -db (PostgreSQL)")
	flag.IntVar(&o.sweepMembers, "sweep-members", 0, "with -db postgres://…: seed this many members and measure GET /member during a renewal sweep over them")
	flag.IntVar(&o.registry, "registry", 0, "seed this many members before memberd starts and attack 会员管理 as an admin (0: skip)")
	flag.Parse()

	if *serve {
		if err := serveBaseline(); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest baseline:", err)
			os.Exit(1)
		}
		return
	}
	if o.registry > 0 && o.db != "" {
		fmt.Fprintln(os.Stderr, "loadtest: -registry seeds memberd's SQLite file: leave -db empty")
		os.Exit(2)
	}
	if (o.instances == 2 || o.sweepMembers > 0) && !strings.HasPrefix(o.db, "postgres") {
		fmt.Fprintln(os.Stderr, "loadtest: -instances 2 needs -db postgres://… (two processes on one SQLite file is no valid setup)")
		os.Exit(2)
	}
	if o.duration <= 0 || o.warmup < 0 || o.workers < 1 || o.limit <= 0 || o.instances < 1 || o.instances > 2 ||
		o.registry < 0 {
		fmt.Fprintln(os.Stderr, "loadtest: -duration, -workers and -limit must be positive, -warmup and -registry not negative")
		os.Exit(2)
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// report is the JSON written after the run.
type report struct {
	Started   time.Time `json:"started"`
	GoVersion string    `json:"go_version"`
	GOOS      string    `json:"goos"`
	GOARCH    string    `json:"goarch"`
	CPUs      int       `json:"cpus"`
	LoadAvg   string    `json:"loadavg_before,omitempty"`
	Workers   int       `json:"workers"`
	Duration  string    `json:"duration"`
	Warmup    string    `json:"warmup"`
	Registry  int       `json:"registry_members,omitempty"`
	Results   []result  `json:"results"`
}

func run(o options) (err error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.limit)
	defer cancel()

	work, err := os.MkdirTemp("", "loadtest-work-")
	if err != nil {
		return err
	}
	keepWork := false
	defer func() {
		if keepWork {
			fmt.Fprintf(os.Stderr, "loadtest: kept %s for inspection (memberd.log)\n", work)
			return
		}
		_ = os.RemoveAll(work)
	}()

	rep := report{Started: time.Now(), GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		CPUs: runtime.NumCPU(), LoadAvg: loadAvg(), Workers: o.workers,
		Duration: o.duration.String(), Warmup: o.warmup.String(), Registry: o.registry}
	fmt.Printf("loadtest: %s %s/%s, %d CPUs, load average %s\n", rep.GoVersion, rep.GOOS, rep.GOARCH, rep.CPUs,
		orNA(rep.LoadAvg))

	// memberd, built from this module.
	bin, err := buildMemberd(ctx, work)
	if err != nil {
		return err
	}
	if o.registry > 0 {
		if err := seedRegistryData(ctx, work, o.registry); err != nil {
			return fmt.Errorf("seed the registry: %w", err)
		}
	}
	var noSweep []string
	// With -sweep-members one sweeper, started later, does the sweep. With
	// -registry no sweep runs: the first sweep over the seeded registry (its
	// reminders and lapses) would run during the attack on 会员管理 and change
	// the registry under it; -sweep-members measures a sweep on its own.
	if o.sweepMembers > 0 || o.registry > 0 {
		noSweep = []string{"-renewal-sweep-every", "-1s"}
	}
	member, err := startMemberd(ctx, bin, work, "data", o.db, noSweep...)
	if err != nil {
		keepWork = true
		return err
	}
	defer member.stop()

	// The baseline, in a child process.
	base, err := startBaseline(ctx, work)
	if err != nil {
		return err
	}
	defer base.stop()
	fmt.Printf("loadtest: memberd at %s, baseline at %s\n", member.url, base.url)

	// A member, through the real forms.
	acct := account{Name: "负载测试企业", Email: "loadtest@example.com", Password: "Load2024ok"}
	sess, err := signUpVerifyAndLogIn(ctx, member.url, filepath.Join(work, "data", "mail"), acct)
	if err != nil {
		keepWork = true
		return fmt.Errorf("register and log in: %w (memberd log: %s)", err, member.logTail())
	}
	if err := sess.checkMemberHome(ctx, acct.Name); err != nil {
		keepWork = true
		return err
	}
	fmt.Printf("loadtest: registered and logged in %q; GET /member shows the name\n", acct.Name)

	// 入会申请 step ②: the draft the attack saves over and over must be what the
	// page's form posts, and must save.
	draft := draftBody(acct.Name, sess.csrf)
	if err := sess.checkDraftSave(ctx, draft); err != nil {
		keepWork = true
		return fmt.Errorf("application form: %w (memberd log: %s)", err, member.logTail())
	}
	fmt.Printf("loadtest: the application form posts the fields its page has; 保存草稿 answers 303 to %s\n", appSavedPath)

	targets := []target{
		{Name: "baseline GET /", URL: base.url + "/"},
		{Name: "memberd GET /member (session)", URL: member.url + "/member", Header: sess.memberHeader()},
		{Name: "memberd GET /login (public)", URL: member.url + "/login", Header: sess.visitorHeader()},
		{Name: "memberd GET " + appFormPath, URL: member.url + appFormPath, Header: sess.memberHeader()},
		{Name: "memberd POST " + appFormPath + " (save draft)", Method: http.MethodPost, URL: member.url + appFormPath,
			Body: []byte(draft.Encode()), Header: sess.formHeader(),
			WantStatus: http.StatusSeeOther, WantLocation: appSavedPath},
	}
	if o.instances == 2 {
		second, err := startMemberd(ctx, bin, work, "data2", o.db, noSweep...)
		if err != nil {
			keepWork = true
			return err
		}
		defer second.stop()
		fmt.Printf("loadtest: second memberd at %s on the same database\n", second.url)
		both := []string{member.url, second.url}
		targets = append(targets,
			target{Name: "memberd×2 GET /member (session)", URL: member.url + "/member", Bases: both,
				Header: sess.memberHeader()},
			target{Name: "memberd×2 GET /login (public)", URL: member.url + "/login", Bases: both,
				Header: sess.visitorHeader()})
	}
	if o.registry > 0 {
		staff, err := staffLogIn(ctx, member.url)
		if err != nil {
			keepWork = true
			return fmt.Errorf("staff login: %w (memberd log: %s)", err, member.logTail())
		}
		more, err := registryTargets(ctx, staff, o.registry)
		if err != nil {
			keepWork = true
			return fmt.Errorf("registry: %w (memberd log: %s)", err, member.logTail())
		}
		targets = append(targets, more...)
	}
	for _, t := range targets {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Printf("loadtest: %s: warm-up %s, then %s with %d workers…\n", t.Name, o.warmup, o.duration, o.workers)
		r, err := attack(ctx, t, o)
		if err != nil {
			return fmt.Errorf("%s: %w", t.Name, err)
		}
		rep.Results = append(rep.Results, r)
	}
	if base := rep.Results[0].ReqPerSec; base > 0 {
		for i := range rep.Results {
			rep.Results[i].RatioToBaseline = rep.Results[i].ReqPerSec / base
		}
	}
	if o.sweepMembers > 0 {
		fmt.Printf("loadtest: seeding %d members…\n", o.sweepMembers)
		if err := seedMembers(ctx, o.db, o.sweepMembers); err != nil {
			return err
		}
		rs, took, err := sweepLoad(ctx, o, bin, work, targets[1])
		if err != nil {
			return fmt.Errorf("renewal sweep: %w", err)
		}
		rep.Results = append(rep.Results, rs...)
		fmt.Printf("loadtest: the renewal sweep over %d members took %v (0: not seen); p99 idle %.2fms, during %.2fms (%.2f×)\n",
			o.sweepMembers, took.Round(time.Millisecond), rs[0].P99Ms, rs[1].P99Ms, rs[1].P99Ms/rs[0].P99Ms)
	}
	// The session must have survived the run.
	if err := sess.checkMemberHome(ctx, acct.Name); err != nil {
		return fmt.Errorf("after the run: %w", err)
	}

	printTable(rep)
	if lines := member.logLines(); len(lines) > 0 {
		fmt.Printf("\nloadtest: memberd logged %d line(s) at warn or above besides the test-mode notice; the first:\n", len(lines))
		for _, l := range lines[:min(len(lines), 5)] {
			fmt.Println("  " + l)
		}
	}
	path, err := writeReport(rep)
	if err != nil {
		return err
	}
	fmt.Printf("\nloadtest: results written to %s\n", path)
	for _, r := range rep.Results {
		if r.SuccessPct < 100 {
			return fmt.Errorf("%s: only %.2f%% of the requests succeeded (%s)", r.Name, r.SuccessPct,
				strings.Join(r.Errors, "; "))
		}
	}
	return nil
}

// printTable prints the results as an aligned table.
func printTable(rep report) {
	w := len("target")
	for _, r := range rep.Results {
		w = max(w, utf8.RuneCountInString(r.Name))
	}
	row := func(cells ...string) {
		fmt.Printf("%s%s", cells[0], strings.Repeat(" ", w-utf8.RuneCountInString(cells[0])))
		for _, c := range cells[1:] {
			fmt.Printf("  %11s", c)
		}
		fmt.Println()
	}
	fmt.Println()
	row("target", "requests", "success", "req/s", "p50", "p99", "vs baseline")
	for _, r := range rep.Results {
		row(r.Name, fmt.Sprint(r.Requests), fmt.Sprintf("%.2f%%", r.SuccessPct), fmt.Sprintf("%.0f", r.ReqPerSec),
			fmt.Sprintf("%.2fms", r.P50Ms), fmt.Sprintf("%.2fms", r.P99Ms), fmt.Sprintf("%.3f×", r.RatioToBaseline))
	}
}

// writeReport writes the JSON into a fresh temporary folder (the source tree stays
// clean) and returns its path.
func writeReport(rep report) (string, error) {
	dir, err := os.MkdirTemp("", "loadtest-results-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "latest.json")
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, append(b, '\n'), 0o644)
}

// loadAvg returns the 1, 5 and 15 minute load averages where the system has them.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

// errStopped reports a child process that ended too early.
var errStopped = errors.New("the process exited")
