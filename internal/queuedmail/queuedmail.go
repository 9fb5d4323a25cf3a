// Package queuedmail is the record of the durable mail queue, shared by the
// adapters on either side of it so that neither imports the other:
// adapters/bunstore stores it (table mail_queue) and adapters/mailqueue
// dispatches it. Each of them names it in its own API (bunstore.QueuedMail,
// mailqueue.QueuedMail are this Mail).
package queuedmail

import (
	"time"

	"github.com/openassoc/membership/ports"
)

// Status is the state of a queued email.
type Status string

// The states of a queued email.
const (
	// Pending is waiting to be sent (first or next attempt at NextAttemptAt).
	Pending Status = "pending"
	// Sent was accepted by the mailer.
	Sent Status = "sent"
	// Failed can never be delivered (ports.ErrUndeliverable); it is not retried.
	Failed Status = "failed"
)

// Mail is one email in the queue.
type Mail struct {
	ID int64
	// Message is the email; its Key is the row's idempotency key (a random one
	// when the message was queued without a key).
	Message       ports.Message
	Status        Status
	Attempts      int // finished attempts to send
	NextAttemptAt time.Time
	LastError     string
	LockedUntil   time.Time // end of the lease of the dispatcher sending it; zero when none
	CreatedAt     time.Time
	SentAt        time.Time // zero until sent
}
