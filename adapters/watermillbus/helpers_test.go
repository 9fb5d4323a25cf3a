package watermillbus_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/watermillbus/watermillbustest"
)

// The bus helpers are shared with the other bus tests (watermillbustest).
var (
	at         = watermillbustest.At
	fastRetry  = watermillbustest.FastRetry
	registry   = watermillbustest.Registry
	registered = watermillbustest.Registered
	testLogger = watermillbustest.Logger
	startBus   = watermillbustest.StartBus
)

// recorder collects what a handler received.
type recorder = watermillbustest.Recorder

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
