package membership

import (
	"log/slog"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/openassoc/membership/ports"
)

// Option changes how New builds the module: replace an adapter with the host's own.
type Option func(*options)

type options struct {
	logger        *slog.Logger
	mailer        ports.Mailer
	hasher        ports.PasswordHasher
	clock         ports.Clock
	authorizer    ports.Authorizer
	publisher     message.Publisher
	subscriber    message.Subscriber
	subscriberFor func(handlerName string) (message.Subscriber, error)
	documents     ports.DocumentRenderer
	files         ports.FileStore
	gateway       ports.PaymentGateway
}

func defaultOptions() options {
	return options{logger: slog.New(slog.DiscardHandler), clock: ports.SystemClock{}}
}

// WithLogger sets the structured logger (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// WithMailer replaces the mail adapter chosen from Config.Mail. Email still goes
// through the durable mail queue: the queue's dispatcher (in Run) sends through m.
func WithMailer(m ports.Mailer) Option { return func(o *options) { o.mailer = m } }

// WithPasswordHasher replaces the argon2id hasher (tests use cheaper parameters).
func WithPasswordHasher(h ports.PasswordHasher) Option { return func(o *options) { o.hasher = h } }

// WithClock replaces the system clock.
func WithClock(c ports.Clock) Option { return func(o *options) { o.clock = c } }

// WithAuthorizer replaces the Casbin authorizer built from the embedded policies.
func WithAuthorizer(a ports.Authorizer) Option { return func(o *options) { o.authorizer = a } }

// WithPubSub replaces the in-process GoChannel bus with a broker's Watermill
// publisher and subscriber (NATS, RabbitMQ, Kafka …). The module does not close them.
func WithPubSub(pub message.Publisher, sub message.Subscriber) Option {
	return func(o *options) { o.publisher, o.subscriber = pub, sub }
}

// WithSubscriberPerHandler is WithPubSub for brokers whose durable consumer name
// is a subscriber setting: newSub builds one subscriber per event-handler name.
func WithSubscriberPerHandler(pub message.Publisher, newSub func(handlerName string) (message.Subscriber, error)) Option {
	return func(o *options) { o.publisher, o.subscriberFor = pub, newSub }
}

// WithDocumentRenderer sets the renderer of printable forms (the application PDF).
// Without it the module uses adapters/pdfdoc with a CJK font found in standard
// places; when none is found, downloads say that no PDF can be produced.
func WithDocumentRenderer(r ports.DocumentRenderer) Option {
	return func(o *options) { o.documents = r }
}

// WithFileStore replaces the local folder DataDir/files that keeps uploads (e.g.
// with shared storage when running several instances).
func WithFileStore(f ports.FileStore) Option { return func(o *options) { o.files = f } }

// WithPaymentGateway replaces the online payment gateway chosen from
// Config.Alipay (none by default; the embedded sandbox with Alipay.Sandbox).
func WithPaymentGateway(g ports.PaymentGateway) Option { return func(o *options) { o.gateway = g } }
