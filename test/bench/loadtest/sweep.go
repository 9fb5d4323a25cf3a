package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/domain/id"
	"github.com/openassoc/membership/core/domain/member"
)

// seedMembers stores n active enterprise members whose validity ends evenly over
// the next three years (about 2.7 % within the 30-day reminder window of today),
// straight into the database as the renewal benchmark does. They are filed in
// memberd's time zone (Asia/Shanghai, the default): filed in another, the
// sweeping memberd would file all of them again and recount the registry at
// start-up instead of sweeping.
func seedMembers(ctx context.Context, dsn string, n int) error {
	db, err := bunstore.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	db.SetTimeZone(loc)
	now := time.Now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	snaps := make([]member.Snapshot, n)
	for i := range snaps {
		until := today.AddDate(0, 0, 1+i%1095)
		snaps[i] = member.Snapshot{ID: id.New(now.Add(time.Duration(i) * time.Millisecond)), Kind: member.Enterprise,
			Name: fmt.Sprintf("负载会员单位%06d", i), Email: fmt.Sprintf("seed%06d@example.com", i), PasswordHash: "x",
			Status: member.StatusActive, Number: fmt.Sprintf("9%07d", i), Level: member.LevelOrdinary,
			ValidFrom: until.AddDate(-1, 0, 1), ValidUntil: until, CreatedAt: today, UpdatedAt: today}
	}
	for len(snaps) > 0 { // in parts: one transaction of 100 000 outlasts the store's query timeout
		part := snaps[:min(len(snaps), 5000)]
		if err := db.BulkInsertMembers(ctx, part); err != nil {
			return fmt.Errorf("seed %d members: %w", n, err)
		}
		snaps = snaps[len(part):]
	}
	return nil
}

// startSweeper starts one more memberd on the same database whose renewal
// sweep runs 5 s after start (the others run none in this mode), with its
// metrics on a free address, and returns it and that address.
func startSweeper(ctx context.Context, bin, work, db string) (*child, string, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	metrics, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	logPath := filepath.Join(work, "sweeper-memberd.log")
	logFile, err := os.Create(logPath) // #nosec G304 -- the run's own work folder
	if err != nil {
		return nil, "", err
	}
	defer func() { _ = logFile.Close() }()
	cmd := exec.Command(bin, "-addr", addr, "-data", filepath.Join(work, "sweeper"), "-db", db, // #nosec G204 -- the binary this program built
		"-log-level", "info", "-metrics-addr", metrics, "-renewal-sweep-every", "1h")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "MEMBERD_SMTP_HOST=")
	setParentDeath(cmd)
	c := &child{name: "sweeper memberd", url: "http://" + addr, cmd: cmd, logPath: logPath}
	if err := c.start(); err != nil {
		return nil, "", err
	}
	if err := c.waitReady(ctx, c.url+"/readyz", 90*time.Second); err != nil {
		c.stop()
		return nil, "", fmt.Errorf("sweeper memberd: %w\n%s", err, c.logTail())
	}
	return c, "http://" + metrics + "/metrics", nil
}

// sweepRan reports whether the sweeper's metrics count a sweep that ran.
func sweepRan(ctx context.Context, metricsURL string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metricsURL, nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	return err == nil && strings.Contains(string(b), `membership_renewal_sweep_runs_total{result="ran"} 1`)
}

// sweepLoad measures the member home's p99 idle and during the sweeper's
// renewal sweep over the seeded members, and how long the sweep took (from its
// start, 5 s after the sweeper was ready, to its metric).
func sweepLoad(ctx context.Context, o options, bin, work string, home target) ([]result, time.Duration, error) {
	home.Name = "memberd GET /member, idle"
	idle, err := attack(ctx, home, o)
	if err != nil {
		return nil, 0, err
	}
	sw, metricsURL, err := startSweeper(ctx, bin, work, o.db)
	if err != nil {
		return nil, 0, err
	}
	defer sw.stop()
	start := time.Now().Add(5 * time.Second)
	took := make(chan time.Duration, 1)
	go func() {
		for ctx.Err() == nil && time.Since(start) < 5*time.Minute {
			if sweepRan(ctx, metricsURL) {
				took <- time.Since(start)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		took <- 0
	}()
	time.Sleep(time.Until(start) - 200*time.Millisecond)
	home.Name = "memberd GET /member, during the renewal sweep"
	during, err := attack(ctx, home, options{duration: o.duration, workers: o.workers})
	if err != nil {
		return nil, 0, err
	}
	return []result{idle, during}, <-took, nil
}
