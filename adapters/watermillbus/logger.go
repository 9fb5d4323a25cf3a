package watermillbus

import (
	"log/slog"

	"github.com/ThreeDotsLabs/watermill"
)

// routine reports whether Watermill logs msg at info level for every handler,
// or for every start and stop of a router or pub/sub: about forty lines each
// time the module starts or stops, which say nothing an operator acts on. They
// are logged at debug level instead.
func routine(msg string) bool {
	switch msg {
	case "Adding handler", "Starting handler", "Subscriber stopped", "Running router handlers",
		"Closing router", "Router closed", "Waiting for messages", "All messages processed", "Pub/Sub closed":
		return true
	}
	return false
}

// newWatermillLogger returns the Watermill logger of the adapter: Watermill's
// slog adapter on logger, with its routine start and stop messages moved to
// debug level. Errors and other messages keep their level.
func newWatermillLogger(logger *slog.Logger) watermill.LoggerAdapter {
	return quietLogger{watermill.NewSlogLogger(logger)}
}

// quietLogger logs the routine messages at debug level.
type quietLogger struct {
	watermill.LoggerAdapter
}

// Info logs msg at info level, or at debug level when it is routine.
func (l quietLogger) Info(msg string, fields watermill.LogFields) {
	if routine(msg) {
		l.Debug(msg, fields)
		return
	}
	l.LoggerAdapter.Info(msg, fields)
}

// With returns the logger with fields added, still quiet.
func (l quietLogger) With(fields watermill.LogFields) watermill.LoggerAdapter {
	return quietLogger{l.LoggerAdapter.With(fields)}
}
