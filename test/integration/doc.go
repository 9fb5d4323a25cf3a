// Package integration holds the container-based integration suites (build tag
// `integration`): the storage contract suites and the outbox on PostgreSQL, the
// event-bus scenarios on NATS JetStream, email through a real SMTP server
// (mailpit), and the memberd binary against all three. Containers are started
// with testcontainers-go, one of each kind per package run, shared by the tests,
// which keep to schemas, streams and addresses of their own.
//
// Run them with `make test-integration`: it evaluates test/containers/engine.sh,
// which uses the Docker engine that answers or else sets up rootful podman and
// builds the images locally, and exports what the suites read:
//
//	DOCKER_HOST                   the engine (testcontainers-go)
//	TESTCONTAINERS_RYUK_DISABLED  true with podman (Ryuk's image is not local)
//	MEMBERSHIP_IMAGE_POSTGRES     default postgres:16-alpine
//	MEMBERSHIP_IMAGE_NATS         default nats:2.10-alpine (started with -js)
//	MEMBERSHIP_IMAGE_MAILPIT      default axllent/mailpit:v1.33.1
//	MEMBERSHIP_MEMBERD_BIN        optional prebuilt memberd; default: go build ./apps/memberd
//
// Under the tag the engine is required: a suite run without one fails and says
// how to get one.
package integration
