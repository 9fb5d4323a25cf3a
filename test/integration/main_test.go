//go:build integration

package integration

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver of the PostgreSQL wait strategy
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/openassoc/membership/test/bench/procmem"
)

// The containers of the package run, started once by TestMain (in parallel, in
// the background) and shared by every test.
var (
	postgresSvc *service
	natsSvc     *service
	mailpitSvc  *service
	// seaweedfsSvc is the S3 server (test/integration/seaweedfs_test.go).
	seaweedfsSvc *service
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("MEMBERSHIP_TEST_LOG") == "" {
		tclog.SetDefault(tclog.NewNoopLogger())
	}
	if os.Getenv(procmem.ChildEnv) != "" { // a benchmark's measured child: its parent's containers serve it
		return m.Run()
	}
	ctx := context.Background()
	began := time.Now()
	if err := checkEngine(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "integration: FAIL: %v\n", err)
		return 1
	}
	postgresSvc = startService(ctx, "postgres", image(envImagePostgres, defaultImagePostgres), startPostgres)
	natsSvc = startService(ctx, "nats", image(envImageNATS, defaultImageNATS), startNATS)
	mailpitSvc = startService(ctx, "mailpit", image(envImageMailpit, defaultImageMailpit), startMailpit)
	seaweedfsSvc = startService(ctx, "seaweedfs", image(envImageSeaweedFS, defaultImageSeaweedFS), startSeaweedFS)
	code := m.Run()
	if code != 0 { // the servers' side of the story
		for _, s := range []*service{postgresSvc, natsSvc, mailpitSvc, seaweedfsSvc} {
			<-s.done
			if s.ctr != nil {
				fmt.Fprintf(os.Stderr, "integration: last lines of the %s container's log:\n%s\n", s.name, containerLogs(s.ctr, 15))
			}
		}
	}
	terminate(postgresSvc, natsSvc, mailpitSvc, seaweedfsSvc)
	fmt.Fprintf(os.Stderr, "integration: containers removed; %.1f s in all\n", time.Since(began).Seconds())
	return code
}

// postgresDSN returns the URL of the test database (the container's own).
func postgresDSN(t testing.TB) string {
	t.Helper()
	return postgresURL(endpoint(t, postgresSvc.container(t), "5432/tcp"), pgDB)
}

// natsURL returns the URL of the NATS server.
func natsURL(t testing.TB) string {
	t.Helper()
	return "nats://" + endpoint(t, natsSvc.container(t), "4222/tcp")
}
