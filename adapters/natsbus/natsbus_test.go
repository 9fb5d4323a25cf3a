package natsbus_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/natsbus"
	"github.com/openassoc/membership/test/integration/busscenario"
)

// runServer starts an in-process NATS server, with JetStream unless disabled,
// for the duration of the test, and returns its URL.
func runServer(t *testing.T, jetStream bool) string {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: jetStream,
		StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	require.NoError(t, err)
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s.ClientURL()
}

func suffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// open returns a PubSub on a stream and subject prefix of its own, closed at the end.
func open(t *testing.T, url string) *natsbus.PubSub {
	t.Helper()
	id := suffix()
	ps, err := natsbus.New(natsbus.Config{URL: url, Stream: "T_" + id, SubjectPrefix: "t" + id,
		AckWait: 2 * time.Second, NakDelay: 20 * time.Millisecond, CloseTimeout: 2 * time.Second}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, ps.Close()) })
	return ps
}

// TestBusScenarios runs the bus scenarios on NATS JetStream (an in-process server).
func TestBusScenarios(t *testing.T) {
	url := runServer(t, true)
	busscenario.Run(t, busscenario.Factory{Durable: true, New: func(t *testing.T) busscenario.Broker {
		ps := open(t, url)
		return busscenario.Broker{Publisher: ps.Publisher(), SubscriberFor: ps.SubscriberFor}
	}})
}

func TestNewProvisionsTheStream(t *testing.T) {
	t.Parallel()
	url := runServer(t, true)
	ps := open(t, url)
	nc, err := nats.Connect(url)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	stream, err := js.Stream(context.Background(), ps.Stream())
	require.NoError(t, err)
	cfg := stream.CachedInfo().Config
	assert.Equal(t, []string{ps.Subject(">")}, cfg.Subjects)
	assert.Equal(t, jetstream.InterestPolicy, cfg.Retention)

	// New on an existing stream updates it instead of failing.
	again, err := natsbus.New(natsbus.Config{URL: url, Stream: ps.Stream(), SubjectPrefix: ps.Subject("x")[:len(ps.Subject("x"))-2]}, nil)
	require.NoError(t, err)
	require.NoError(t, again.Close())
}

func TestConsumersAreDurableAndNamedAfterTheHandler(t *testing.T) {
	t.Parallel()
	url := runServer(t, true)
	ps := open(t, url)
	sub, err := ps.SubscriberFor("SendWelcomeOnRegistered")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	_, err = sub.Subscribe(ctx, "member.registered")
	require.NoError(t, err)
	cancel()
	require.NoError(t, sub.Close())
	require.NoError(t, ps.Close())

	nc, err := nats.Connect(url)
	require.NoError(t, err)
	defer nc.Close()
	js, err := jetstream.New(nc)
	require.NoError(t, err)
	name := natsbus.ConsumerName("SendWelcomeOnRegistered", "member.registered")
	assert.Equal(t, "SendWelcomeOnRegistered__member_registered", name)
	info, err := js.PushConsumer(context.Background(), ps.Stream(), name)
	require.NoError(t, err, "the consumer outlives its subscriber")
	cfg := info.CachedInfo().Config
	assert.Equal(t, ps.Subject("member.registered"), cfg.FilterSubject)
	assert.Equal(t, name, cfg.DeliverGroup, "instances share the consumer through a queue group")
	assert.Equal(t, jetstream.AckExplicitPolicy, cfg.AckPolicy)
}

func TestRepublishedMessageIsStoredOnce(t *testing.T) {
	t.Parallel()
	url := runServer(t, true)
	ps := open(t, url)
	sub, err := ps.SubscriberFor("Archive")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := sub.Subscribe(ctx, "member.registered")
	require.NoError(t, err)

	msg := message.NewMessage(watermill.NewUUID(), []byte(`{"member_id":"m1"}`))
	msg.Metadata.Set("event_name", "member.registered")
	require.NoError(t, ps.Publisher().Publish("member.registered", msg))
	again := message.NewMessage(msg.UUID, msg.Payload) // e.g. an outbox forwarder restarted before its ack
	require.NoError(t, ps.Publisher().Publish("member.registered", again))

	select {
	case got := <-out:
		assert.Equal(t, msg.UUID, got.UUID)
		assert.Equal(t, "member.registered", got.Metadata.Get("event_name"))
		got.Ack()
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
	}
	select {
	case got := <-out:
		t.Fatalf("duplicate delivered: %s", got.UUID)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestNewFailsClearly(t *testing.T) {
	t.Parallel()
	_, err := natsbus.New(natsbus.Config{}, nil)
	assert.ErrorContains(t, err, "URL")
	_, err = natsbus.New(natsbus.Config{URL: "nats://127.0.0.1:1", Options: []nats.Option{nats.Timeout(time.Second)}}, nil)
	assert.ErrorContains(t, err, "connect")
	_, err = natsbus.New(natsbus.Config{URL: runServer(t, false)}, nil)
	assert.ErrorContains(t, err, "JetStream")
	_, err = natsbus.New(natsbus.Config{URL: "nats://x", Stream: "a.b"}, nil)
	assert.ErrorContains(t, err, "stream name")
	_, err = natsbus.New(natsbus.Config{URL: "nats://x", SubjectPrefix: "a.>"}, nil)
	assert.ErrorContains(t, err, "subject prefix")
}

func TestTopicsMustBePlainSubjects(t *testing.T) {
	t.Parallel()
	ps := open(t, runServer(t, true))
	msg := message.NewMessage(watermill.NewUUID(), nil)
	assert.ErrorContains(t, ps.Publisher().Publish("member.*", msg), "not a plain NATS subject")
	sub, err := ps.SubscriberFor("H")
	require.NoError(t, err)
	_, err = sub.Subscribe(context.Background(), "member..registered")
	assert.Error(t, err)
	_, err = ps.SubscriberFor(" ")
	assert.Error(t, err)
}
