package natsbus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ConsumerName returns the name of the durable consumer through which the
// handler receives a topic: the handler name and the topic, with the characters
// NATS forbids in names replaced by '_' ("SendWelcomeOnRegistered__member_registered").
func ConsumerName(handlerName, topic string) string {
	return sanitize(handlerName) + "__" + sanitize(topic)
}

// SubscriberFor returns the subscriber of one event handler, for
// membership.WithSubscriberPerHandler and watermillbus.Config.SubscriberFor. Each
// topic it subscribes to is read through the handler's durable consumer for that
// topic (ConsumerName), created on Subscribe if missing.
func (ps *PubSub) SubscriberFor(handlerName string) (message.Subscriber, error) {
	if strings.TrimSpace(handlerName) == "" {
		return nil, errors.New("natsbus: subscriber needs a handler name")
	}
	s := &subscriber{ps: ps, handler: handlerName}
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.closed {
		return nil, errors.New("natsbus: subscriber requested from a closed PubSub")
	}
	ps.subs = append(ps.subs, s)
	return s, nil
}

// subscriber reads one handler's consumers, one Watermill NATS subscriber (and
// connection) per subscribed topic.
type subscriber struct {
	ps      *PubSub
	handler string

	mu     sync.Mutex
	inner  []*wmnats.Subscriber
	closed bool
}

// Subscribe creates or updates the handler's durable consumer of topic and
// returns its messages until ctx ends or the subscriber closes.
func (s *subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	if err := checkSubject(topic); err != nil {
		return nil, fmt.Errorf("natsbus: topic: %w", err)
	}
	subject := s.ps.Subject(topic)
	durable := ConsumerName(s.handler, topic)
	if err := s.ps.ensureConsumer(ctx, durable, subject, s.handler); err != nil {
		return nil, err
	}
	nc, err := s.ps.connect("handler " + s.handler)
	if err != nil {
		return nil, err
	}
	inner, err := wmnats.NewSubscriberWithNatsConn(nc, wmnats.SubscriberSubscriptionConfig{
		Unmarshaler:      &wmnats.NATSMarshaler{},
		SubscribersCount: 1,
		AckWaitTimeout:   s.ps.cfg.AckWait,
		CloseTimeout:     s.ps.cfg.CloseTimeout,
		SubscribeTimeout: 30 * time.Second,
		SubjectCalculator: func(_, subj string) *wmnats.SubjectDetail {
			return &wmnats.SubjectDetail{Primary: subj, QueueGroup: durable}
		},
		NakDelay: wmnats.NewStaticDelay(s.ps.cfg.NakDelay),
		JetStream: wmnats.JetStreamConfig{
			// Bind: the client only uses the consumer, so it does not delete it
			// on Unsubscribe or Drain. ManualAck: the Watermill subscriber acks
			// or naks after the handler; an automatic ack would also ack a message
			// abandoned on shutdown.
			SubscribeOptions:  []nats.SubOpt{nats.Bind(s.ps.cfg.Stream, durable), nats.ManualAck()},
			DurableCalculator: func(string, string) string { return durable },
		},
	}, s.ps.wlogger)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("natsbus: subscriber for %s: %w", s.handler, err)
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = inner.Close()
		return nil, errors.New("natsbus: subscribe on a closed subscriber")
	}
	s.inner = append(s.inner, inner)
	s.mu.Unlock()
	out, err := inner.Subscribe(ctx, subject)
	if err != nil {
		return nil, fmt.Errorf("natsbus: subscribe %s to %s: %w", s.handler, topic, err)
	}
	return out, nil
}

// Close stops the handler's subscriptions and closes their connections; the
// consumers stay on the server.
func (s *subscriber) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	inner := s.inner
	s.inner = nil
	s.mu.Unlock()
	var errs []error
	for _, in := range inner {
		errs = append(errs, in.Close())
	}
	return errors.Join(errs...)
}

// ensureConsumer creates, or updates to the configuration, the durable push
// consumer of a handler, delivering to a queue group of the same name so that
// the instances running the handler share it.
func (ps *PubSub) ensureConsumer(ctx context.Context, durable, subject, handler string) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err := ps.js.CreateOrUpdatePushConsumer(ctx, ps.cfg.Stream, jetstream.ConsumerConfig{
		Durable:        durable,
		Description:    "membership event handler " + handler,
		DeliverSubject: "_membership_deliver." + ps.cfg.Stream + "." + durable,
		DeliverGroup:   durable,
		FilterSubject:  subject,
		DeliverPolicy:  jetstream.DeliverAllPolicy,
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        ps.cfg.AckWait,
		MaxDeliver:     -1,
		MaxAckPending:  ps.cfg.MaxAckPending,
	})
	if err != nil {
		return fmt.Errorf("natsbus: consumer %s on %s: %w", durable, ps.cfg.Stream, err)
	}
	return nil
}
