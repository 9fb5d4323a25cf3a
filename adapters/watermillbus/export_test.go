package watermillbus

import (
	"log/slog"

	"github.com/ThreeDotsLabs/watermill/message"
)

// NewForwarderFrom builds a PostgresForwarder on any subscriber, so that its
// life cycle can be tested without PostgreSQL.
func NewForwarderFrom(sub message.Subscriber, pub message.Publisher, logger *slog.Logger) (*PostgresForwarder, error) {
	return newForwarder(sub, pub, logger)
}
