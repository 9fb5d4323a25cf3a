package watermillbus

import (
	"errors"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/openassoc/membership/core/domain/event"
)

// RetryConfig sets how a failing handler is retried before its message is nacked
// and redelivered. Zero fields take the defaults shown.
type RetryConfig struct {
	MaxRetries      int           // retries after the first attempt; default 10
	InitialInterval time.Duration // wait before the first retry; default 200 ms
	MaxInterval     time.Duration // cap of the exponential backoff; default 30 s
	Multiplier      float64       // growth of the wait between retries; default 2
}

// Config configures a Bus.
type Config struct {
	// Registry decodes messages into events; it must list every subscribed event.
	Registry event.Registry

	// Retry sets the backoff of failing handlers.
	Retry RetryConfig

	// CloseTimeout bounds how long Close waits for running handlers; default 30 s.
	CloseTimeout time.Duration

	// Publisher and Subscriber replace the default in-process GoChannel (for a
	// broker such as NATS); give both or neither. The Bus does not close them.
	Publisher  message.Publisher
	Subscriber message.Subscriber

	// SubscriberFor, when set, builds one subscriber per handler name, for brokers
	// whose consumer group or durable name is a subscriber setting. It takes
	// precedence over Subscriber.
	SubscriberFor func(handlerName string) (message.Subscriber, error)

	// Observe, when set, is told the outcome of every attempt of a handler
	// (retries included; err nil for success), e.g. for metrics.
	Observe func(handlerName string, err error)
}

func (c *Config) setDefaults() {
	if c.Retry.MaxRetries == 0 {
		c.Retry.MaxRetries = 10
	}
	if c.Retry.InitialInterval == 0 {
		c.Retry.InitialInterval = 200 * time.Millisecond
	}
	if c.Retry.MaxInterval == 0 {
		c.Retry.MaxInterval = 30 * time.Second
	}
	if c.Retry.Multiplier == 0 {
		c.Retry.Multiplier = 2
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = 30 * time.Second
	}
}

func (c Config) validate() error {
	if c.Registry == nil {
		return errors.New("watermillbus: config has no event registry")
	}
	if c.Retry.MaxRetries < 0 || c.Retry.InitialInterval < 0 || c.Retry.MaxInterval < 0 || c.Retry.Multiplier < 1 {
		return errors.New("watermillbus: retry settings must be positive (multiplier >= 1)")
	}
	if c.Publisher == nil && (c.Subscriber != nil || c.SubscriberFor != nil) {
		return errors.New("watermillbus: a custom subscriber needs a custom publisher")
	}
	if c.Publisher != nil && c.Subscriber == nil && c.SubscriberFor == nil {
		return errors.New("watermillbus: a custom publisher needs a custom subscriber")
	}
	return nil
}
