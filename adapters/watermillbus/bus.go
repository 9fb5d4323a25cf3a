package watermillbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
)

// ErrClosed is returned when using a Bus that stopped, and by its publisher when
// the Bus stopped before the handlers acknowledged a message.
var ErrClosed = errors.New("watermillbus: bus closed")

// Bus routes event messages to event handlers through a Watermill router.
// Register handlers with Subscribe, then Run; publish through Publisher.
type Bus struct {
	cfg     Config
	logger  *slog.Logger
	wlogger watermill.LoggerAdapter
	codec   *Codec
	router  *message.Router
	pub     message.Publisher
	owned   *gochannel.GoChannel // the default pub/sub, closed by Close

	mu      sync.Mutex
	names   map[string]bool
	started bool
	runCtx  context.Context
	cancel  context.CancelFunc

	closed    chan struct{}
	closeOnce sync.Once
}

// New builds a Bus. Without Config.Publisher it uses an in-process GoChannel
// whose Publish blocks until every handler of the topic acknowledged the message.
func New(cfg Config, logger *slog.Logger) (*Bus, error) {
	cfg.setDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	wlogger := newWatermillLogger(logger)
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: cfg.CloseTimeout}, wlogger)
	if err != nil {
		return nil, fmt.Errorf("watermillbus: new router: %w", err)
	}
	router.AddMiddleware(
		middleware.Retry{
			MaxRetries:          cfg.Retry.MaxRetries,
			InitialInterval:     cfg.Retry.InitialInterval,
			MaxInterval:         cfg.Retry.MaxInterval,
			Multiplier:          cfg.Retry.Multiplier,
			RandomizationFactor: 0.1,
			ResetContextOnRetry: true,
			Logger:              wlogger,
		}.Middleware,
		observe(cfg.Observe), // each attempt, retries included
		middleware.Recoverer, // innermost, so that panics are retried too
	)
	b := &Bus{
		cfg: cfg, logger: logger, wlogger: wlogger,
		codec:  NewCodec(cfg.Registry),
		router: router,
		pub:    cfg.Publisher,
		names:  map[string]bool{},
		closed: make(chan struct{}),
	}
	if b.pub == nil {
		b.owned = gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, wlogger)
		b.pub = b.owned
		b.cfg.Subscriber = b.owned
	}
	return b, nil
}

// Subscribe registers fn, under the unique handlerName, for every event named
// eventName. It must be called before Run. The event must be in the registry.
func (b *Bus) Subscribe(handlerName, eventName string, fn HandlerFunc) error {
	if handlerName == "" || eventName == "" || fn == nil {
		return errors.New("watermillbus: subscribe needs a handler name, an event name and a function")
	}
	if !b.codec.Knows(eventName) {
		return fmt.Errorf("%w: cannot subscribe %s to %q", ErrUnknownEvent, handlerName, eventName)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.started {
		return fmt.Errorf("watermillbus: subscribe %s after Run", handlerName)
	}
	if b.names[handlerName] {
		return fmt.Errorf("watermillbus: handler name %q already used", handlerName)
	}
	sub := b.cfg.Subscriber
	if b.cfg.SubscriberFor != nil {
		var err error
		if sub, err = b.cfg.SubscriberFor(handlerName); err != nil {
			return fmt.Errorf("watermillbus: subscriber for %s: %w", handlerName, err)
		}
	}
	b.names[handlerName] = true
	b.router.AddConsumerHandler(handlerName, eventName, sub, b.handlerFunc(handlerName, fn))
	return nil
}

// handlerFunc decodes the message and calls fn with the message UUID in the
// context. Undecodable messages are logged and acknowledged: no retry can fix them.
func (b *Bus) handlerFunc(handlerName string, fn HandlerFunc) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		e, err := b.codec.Decode(msg)
		if err != nil {
			b.logger.Error("dropping undecodable event message",
				"handler", handlerName, "message_uuid", msg.UUID, "error", err, "payload", string(msg.Payload))
			return nil
		}
		return fn(WithMessageID(msg.Context(), msg.UUID), e)
	}
}

// Run starts the handlers and blocks until ctx is cancelled or Close is called.
func (b *Bus) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.started {
		b.mu.Unlock()
		return errors.New("watermillbus: bus already running")
	}
	select {
	case <-b.closed:
		b.mu.Unlock()
		return ErrClosed
	default:
	}
	b.started = true
	b.runCtx, b.cancel = context.WithCancel(ctx)
	runCtx := b.runCtx
	b.mu.Unlock()
	// A router without handlers ignores its context: close it explicitly.
	stop := context.AfterFunc(runCtx, func() { _ = b.router.Close() })
	defer stop()
	return b.router.Run(runCtx)
}

// Running is closed once every handler has subscribed.
func (b *Bus) Running() chan struct{} { return b.router.Running() }

// Close stops the handlers, waiting up to Config.CloseTimeout for running ones,
// and closes the default GoChannel.
func (b *Bus) Close() error {
	var err error
	b.closeOnce.Do(func() {
		close(b.closed)
		b.mu.Lock()
		started := b.started
		if b.cancel != nil {
			b.cancel()
		}
		b.mu.Unlock()
		if started { // a router that never ran would wait CloseTimeout for its handlers
			err = b.router.Close()
		}
		if b.owned != nil {
			err = errors.Join(err, b.owned.Close())
		}
	})
	return err
}

// Publisher returns the publisher feeding this bus, for the outbox relay or
// forwarder. It waits until the Bus runs, and fails with ErrClosed if the Bus
// stopped during the publish, so that the caller keeps the event for later.
func (b *Bus) Publisher() message.Publisher { return busPublisher{b} }

// stopping reports whether Close was called or the Run context was cancelled.
func (b *Bus) stopping() bool {
	select {
	case <-b.closed:
		return true
	default:
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.runCtx != nil && b.runCtx.Err() != nil
}
