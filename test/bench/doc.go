// Package bench holds the Go benchmarks of the module as a whole (built with
// membershiptest on a temporary SQLite database) and, in the loadtest folder, the
// HTTP load run against the real memberd binary (`go run ./test/bench/loadtest`).
// `make bench` runs both.
package bench
