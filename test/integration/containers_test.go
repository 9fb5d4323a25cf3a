//go:build integration

package integration

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// Image environment variables and their defaults (the official images).
const (
	envImagePostgres = "MEMBERSHIP_IMAGE_POSTGRES"
	envImageNATS     = "MEMBERSHIP_IMAGE_NATS"
	envImageMailpit  = "MEMBERSHIP_IMAGE_MAILPIT"

	defaultImagePostgres = "postgres:16-alpine"
	defaultImageNATS     = "nats:2.10-alpine"
	defaultImageMailpit  = "axllent/mailpit:v1.33.1"
)

// PostgreSQL credentials of the test container.
const (
	pgUser     = "membership"
	pgPassword = "membership-secret"
	pgDB       = "membership"
)

// startTimeout bounds the start of one container, image present.
const startTimeout = 3 * time.Minute

func image(env, def string) string {
	if v := strings.TrimSpace(os.Getenv(env)); v != "" {
		return v
	}
	return def
}

// service is a container started in the background by TestMain and shared by
// the tests of the package.
type service struct {
	name  string
	image string
	done  chan struct{}
	ctr   *testcontainers.DockerContainer
	err   error
}

func startService(ctx context.Context, name, img string, start func(context.Context, string) (*testcontainers.DockerContainer, error)) *service {
	s := &service{name: name, image: img, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		began := time.Now()
		s.ctr, s.err = start(ctx, img)
		if s.err != nil {
			s.err = fmt.Errorf("start %s container (image %s): %w%s", name, img, s.err, imageHint(s.err))
			return
		}
		fmt.Fprintf(os.Stderr, "integration: %s container (%s) ready in %.1f s\n", name, img, time.Since(began).Seconds())
	}()
	return s
}

// imageHint explains the usual cause of an image that cannot be pulled.
func imageHint(err error) string {
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "pull") || strings.Contains(msg, "no such image") || strings.Contains(msg, "not found") {
		return "\n\tthe image is neither local nor pullable: run `eval \"$(test/containers/engine.sh)\"` " +
			"(it builds local images when no registry is reachable) or set " + envImagePostgres + "/" +
			envImageNATS + "/" + envImageMailpit
	}
	return ""
}

// container waits for the service and fails the test if it did not start.
func (s *service) container(t testing.TB) *testcontainers.DockerContainer {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(startTimeout + time.Minute):
		t.Fatalf("%s container did not start in time", s.name)
	}
	if s.err != nil {
		t.Fatalf("%v", s.err)
	}
	return s.ctr
}

// endpoint returns host:port of a container port, for this host's clients.
func endpoint(t testing.TB, ctr *testcontainers.DockerContainer, port string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	host, err := ctr.Host(ctx)
	if err != nil {
		t.Fatalf("container host: %v", err)
	}
	if host == "localhost" {
		host = "127.0.0.1" // ports are bound on IPv4 loopback
	}
	p, err := ctr.MappedPort(ctx, port)
	if err != nil {
		t.Fatalf("mapped port %s: %v", port, err)
	}
	return net.JoinHostPort(host, p.Port())
}

// loopbackOnly tells whether published ports are reached on this machine's
// loopback address (test/containers/engine.sh says so for its podman service
// with TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1); then they are bound there only.
func loopbackOnly() bool {
	h := os.Getenv("TESTCONTAINERS_HOST_OVERRIDE")
	return h == "127.0.0.1" || h == "localhost"
}

// publish binds container ports on the host, at the given host port when one is
// set (else a free one), on 127.0.0.1 when loopbackOnly.
func publish(ports map[string]int) testcontainers.CustomizeRequestOption {
	return testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
		if hc.PortBindings == nil {
			hc.PortBindings = network.PortMap{}
		}
		for p, hostPort := range ports {
			b := network.PortBinding{HostPort: "0"}
			if hostPort > 0 {
				b.HostPort = strconv.Itoa(hostPort)
			}
			if loopbackOnly() {
				b.HostIP = netip.MustParseAddr("127.0.0.1")
			}
			hc.PortBindings[network.MustParsePort(p)] = []network.PortBinding{b}
		}
	})
}

// postgresPort is the fixed host port of PostgreSQL, so that clients keep
// their address when the container is stopped and started again
// (TestPostgresRestart).
var postgresPort = sync.OnceValue(func() int { return freePort() })

func startPostgres(ctx context.Context, img string) (*testcontainers.DockerContainer, error) {
	return testcontainers.Run(ctx, img,
		testcontainers.WithEnv(map[string]string{"POSTGRES_USER": pgUser, "POSTGRES_PASSWORD": pgPassword, "POSTGRES_DB": pgDB}),
		testcontainers.WithExposedPorts("5432/tcp"),
		publish(map[string]int{"5432/tcp": postgresPort()}), // fixed: clients keep it across a restart
		// Durability is not under test: trade it for speed.
		testcontainers.WithCmd("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "max_connections=300"),
		// Initialization runs a server on the Unix socket only: a TCP query
		// reaches the final server, whatever the image.
		testcontainers.WithWaitStrategyAndDeadline(startTimeout,
			wait.ForSQL("5432/tcp", "pgx", func(host string, port network.Port) string {
				if host == "localhost" {
					host = "127.0.0.1"
				}
				return postgresURL(net.JoinHostPort(host, port.Port()), pgDB)
			}).WithStartupTimeout(startTimeout)),
	)
}

func postgresURL(hostport, db string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(pgUser, pgPassword), Host: hostport, Path: "/" + db,
		RawQuery: "sslmode=disable"}
	return u.String()
}

// natsPort is the fixed host port of NATS, so that clients keep their
// address when the container is stopped and started again (TestNATSRestart).
var natsPort = sync.OnceValue(func() int { return freePort() })

func startNATS(ctx context.Context, img string) (*testcontainers.DockerContainer, error) {
	return testcontainers.Run(ctx, img,
		testcontainers.WithCmd("-js"),
		testcontainers.WithExposedPorts("4222/tcp"),
		publish(map[string]int{"4222/tcp": natsPort()}), // fixed: clients keep it across a restart
		// The local image has no shell: check the port from outside only.
		testcontainers.WithWaitStrategyAndDeadline(startTimeout,
			wait.ForLog("Server is ready"),
			wait.ForListeningPort("4222/tcp").SkipInternalCheck()),
	)
}

// mailpitSMTPPort is the fixed host port of mailpit's SMTP, so that mailers
// keep their address when the container is stopped and started again.
var mailpitSMTPPort = sync.OnceValue(func() int { return freePort() })

func startMailpit(ctx context.Context, img string) (*testcontainers.DockerContainer, error) {
	return testcontainers.Run(ctx, img,
		testcontainers.WithExposedPorts("1025/tcp", "8025/tcp"),
		// No look-up of the latest release: the suites reach nothing beyond
		// this machine.
		testcontainers.WithEnv(map[string]string{"MP_DISABLE_VERSION_CHECK": "true"}),
		publish(map[string]int{"1025/tcp": mailpitSMTPPort(), "8025/tcp": 0}),
		testcontainers.WithWaitStrategyAndDeadline(startTimeout,
			wait.ForHTTP("/api/v1/info").WithPort("8025/tcp"),
			wait.ForListeningPort("1025/tcp").SkipInternalCheck()),
	)
}

// freePort returns a TCP port free on the loopback address right now.
func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("free port: %v", err))
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// checkEngine fails fast, with a clear reason, when no container engine answers.
func checkEngine(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	provider, err := testcontainers.NewDockerProvider()
	if err == nil {
		defer provider.Close()
		err = provider.Health(ctx)
	}
	if err != nil {
		return fmt.Errorf("no container engine answers (DOCKER_HOST=%q): %w\n"+
			"\tthe integration suites need one: run `make test-integration` (test/containers/engine.sh "+
			"starts rootful podman and builds the images when no Docker engine runs), or start Docker "+
			"and set DOCKER_HOST", os.Getenv("DOCKER_HOST"), err)
	}
	return nil
}

// terminate stops and removes the containers, reporting failures on stderr.
func terminate(services ...*service) {
	for _, s := range services {
		<-s.done
		if s.ctr == nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := s.ctr.Terminate(ctx); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(os.Stderr, "integration: remove %s container: %v\n", s.name, err)
		}
		cancel()
	}
}

// containerLogs returns the last lines of a container's log, for failure messages.
func containerLogs(ctr *testcontainers.DockerContainer, lines int) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rc, err := ctr.Logs(ctx)
	if err != nil {
		return "(no logs: " + err.Error() + ")"
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
