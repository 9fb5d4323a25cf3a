package outbox_test

import "github.com/openassoc/membership/adapters/watermillbus/watermillbustest"

// The bus helpers are shared with the other bus tests (watermillbustest).
var (
	registered = watermillbustest.Registered
	testLogger = watermillbustest.Logger
	startBus   = watermillbustest.StartBus
)

// recorder collects what a handler received.
type recorder = watermillbustest.Recorder
