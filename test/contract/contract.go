// Package contract holds the behaviour every implementation of a storage port must
// show, as exported test suites. Each suite takes a factory that returns a fresh,
// empty implementation per subtest (subtests run in parallel, so the factory must
// be safe for concurrent use); the SQLite suites run in every `go test ./...`
// (sqlite_test.go), the PostgreSQL ones when a database is configured
// (postgres_test.go), and test/integration reuses them.
package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/apperr"
)

// epoch is the fixed "now" of the suites: a time with nanoseconds and a non-UTC
// zone, to check that stores keep the instant (to the microsecond) whatever the zone.
func epoch() time.Time {
	return time.Date(2024, 3, 1, 17, 30, 0, 123456789, cst())
}

// cst is China Standard Time, the zone the association works in.
func cst() *time.Location { return time.FixedZone("CST", 8*3600) }

// requireKind asserts that err is an apperr error of the kind.
func requireKind(t *testing.T, err error, kind apperr.Kind) {
	t.Helper()
	require.Error(t, err)
	var e *apperr.Error
	require.Truef(t, errors.As(err, &e), "want an *apperr.Error of kind %s, got %T: %v", kind, err, err)
	require.Equalf(t, kind, e.Kind, "error %v", err)
	require.NotEmpty(t, e.Message, "user errors carry a message")
}

// requireFieldConflict asserts that err is a Conflict about one field.
func requireFieldConflict(t *testing.T, err error, field string) {
	t.Helper()
	requireKind(t, err, apperr.KindConflict)
	e := apperr.As(err)
	require.Len(t, e.Fields, 1)
	require.Equal(t, field, e.Fields[0].Field)
}

// sameInstant asserts that got is want to the microsecond, in UTC.
func sameInstant(t *testing.T, want, got time.Time, what string) {
	t.Helper()
	require.Truef(t, want.Truncate(time.Microsecond).Equal(got), "%s: want %v, got %v", what, want, got)
	require.Equalf(t, time.UTC, got.Location(), "%s is returned in UTC", what)
}

// parallel runs n copies of fn at once and returns their errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	done := make(chan struct{})
	start := make(chan struct{})
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	for range n {
		<-done
	}
	return errs
}

// run runs a subtest in parallel with its siblings: every subtest has a store of
// its own, so factories passed to the suites must be safe for concurrent use.
func run(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		t.Parallel()
		fn(t)
	})
}
