package membership_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// countingPublisher counts what the module publishes through a host's bus.
type countingPublisher struct {
	message.Publisher
	mu sync.Mutex
	n  int
}

func (p *countingPublisher) Publish(topic string, msgs ...*message.Message) error {
	p.mu.Lock()
	p.n += len(msgs)
	p.mu.Unlock()
	return p.Publisher.Publish(topic, msgs...)
}

func (p *countingPublisher) published() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

func hostBus(t *testing.T) *gochannel.GoChannel {
	bus := gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, watermill.NopLogger{})
	t.Cleanup(func() { _ = bus.Close() })
	return bus
}

// A host's Watermill broker carries the module's events: the welcome mail of a
// registration travels through it.
func TestWithPubSubCarriesTheEvents(t *testing.T) {
	t.Parallel()
	bus := hostBus(t)
	pub := &countingPublisher{Publisher: bus}
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPubSub(pub, bus)))
	env.RegisterMember(t, "enterprise", "总线测试公司", "bus@example.com", "abc123")
	env.Mailbox.WaitFor(t, "bus@example.com", "注册成功", 10*time.Second)
	assert.Positive(t, pub.published(), "the events went through the host's publisher")
}

// With a subscriber per handler, the module asks for one subscriber per event
// handler, each by its own name, and the events reach the handlers through them.
func TestWithSubscriberPerHandlerNamesEveryHandler(t *testing.T) {
	t.Parallel()
	bus := hostBus(t)
	var mu sync.Mutex
	names := map[string]int{}
	newSub := func(name string) (message.Subscriber, error) {
		mu.Lock()
		names[name]++
		mu.Unlock()
		return bus, nil
	}
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithSubscriberPerHandler(bus, newSub)))
	env.RegisterMember(t, "enterprise", "订阅测试公司", "sub@example.com", "abc123")
	env.Mailbox.WaitFor(t, "sub@example.com", "注册成功", 10*time.Second)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, names, "send_welcome_email")
	assert.GreaterOrEqual(t, len(names), 10, "one subscriber per handler")
	for name, n := range names {
		assert.Equal(t, 1, n, "handler %s asked once", name)
	}
}

// mapFiles is a host's file store in memory.
type mapFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (f *mapFiles) Put(_ context.Context, key string, r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[key] = b
	return nil
}

func (f *mapFiles) Open(_ context.Context, key string) (io.ReadCloser, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.files[key]
	if !ok {
		return nil, apperr.NotFound("file_not_found", "文件不存在")
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (f *mapFiles) Delete(_ context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, key)
	return nil
}

// Uploads go to the host's file store, and the reviewer reads them from it.
func TestWithFileStoreKeepsTheUploads(t *testing.T) {
	t.Parallel()
	files := &mapFiles{files: map[string][]byte{}}
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithFileStore(files)))
	id := env.RegisterMember(t, "enterprise", "文件测试公司", "files@example.com", "abc123")
	env.SubmitApplication(t, env.MemberPrincipal(t, id))
	files.mu.Lock()
	stored := len(files.files)
	files.mu.Unlock()
	assert.Equal(t, 1, stored, "the stamped scan is in the host's store")
}

// fakeGateway is a host's payment provider that only starts payments.
type fakeGateway struct {
	mu     sync.Mutex
	orders []ports.PaymentOrder
}

func (g *fakeGateway) StartPayment(_ context.Context, o ports.PaymentOrder) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.orders = append(g.orders, o)
	return "https://pay.example/checkout?order=" + url.QueryEscape(o.OutTradeNo), nil
}

func (g *fakeGateway) VerifyNotification(context.Context, url.Values) (ports.GatewayPayment, error) {
	return ports.GatewayPayment{}, apperr.New(apperr.KindInvalid, "bad_signature", "签名无效")
}

func (g *fakeGateway) VerifyReturn(context.Context, url.Values) (ports.GatewayPayment, error) {
	return ports.GatewayPayment{}, apperr.New(apperr.KindInvalid, "bad_signature", "签名无效")
}

// An online payment goes to the host's gateway with the fee due.
func TestWithPaymentGatewayTakesTheOrders(t *testing.T) {
	t.Parallel()
	gw := &fakeGateway{}
	env := membershiptest.New(t, membershiptest.WithModuleOption(membership.WithPaymentGateway(gw)))
	p := env.ApprovedMember(t, "individual", "网关测试", "gateway@example.com")
	started, err := env.App.Commands.StartOnlinePayment.Handle(context.Background(),
		command.StartOnlinePayment{Principal: p})
	require.NoError(t, err)
	gw.mu.Lock()
	defer gw.mu.Unlock()
	require.Len(t, gw.orders, 1)
	assert.Equal(t, started.OutTradeNo, gw.orders[0].OutTradeNo)
	assert.Equal(t, started.AmountFen, gw.orders[0].AmountFen)
	assert.Positive(t, gw.orders[0].AmountFen)
}
