package alipaysim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// Lazy is the embedded sandbox of NewSandbox built on first use, so that
// starting an app stays fast (its two RSA keys take a moment to generate). It is
// both the app's payment gateway (ports.PaymentGateway) and the simulator's
// cashier pages (http.Handler, to mount at SandboxPath). It is safe for
// concurrent use.
type Lazy struct {
	baseURL string
	opts    []SandboxOption

	once sync.Once
	gw   *alipay.Gateway
	sim  *Sim
	err  error
}

var (
	_ ports.PaymentGateway = (*Lazy)(nil)
	_ ports.TradeQuerier   = (*Lazy)(nil)
)

// NewLazy returns the sandbox NewSandbox(baseURL, opts...) builds when it is
// first used.
func NewLazy(baseURL string, opts ...SandboxOption) *Lazy {
	return &Lazy{baseURL: baseURL, opts: opts}
}

// get builds the sandbox once; a failure is an apperr Internal error.
func (l *Lazy) get() error {
	l.once.Do(func() { l.gw, l.sim, l.err = NewSandbox(l.baseURL, l.opts...) })
	if l.err != nil {
		return apperr.Internal(fmt.Errorf("alipay sandbox: %w", l.err))
	}
	return nil
}

// StartPayment implements ports.PaymentGateway.
func (l *Lazy) StartPayment(ctx context.Context, order ports.PaymentOrder) (string, error) {
	if err := l.get(); err != nil {
		return "", err
	}
	return l.gw.StartPayment(ctx, order)
}

// VerifyNotification implements ports.PaymentGateway.
func (l *Lazy) VerifyNotification(ctx context.Context, form url.Values) (ports.GatewayPayment, error) {
	if err := l.get(); err != nil {
		return ports.GatewayPayment{}, err
	}
	return l.gw.VerifyNotification(ctx, form)
}

// VerifyReturn implements ports.PaymentGateway.
func (l *Lazy) VerifyReturn(ctx context.Context, query url.Values) (ports.GatewayPayment, error) {
	if err := l.get(); err != nil {
		return ports.GatewayPayment{}, err
	}
	return l.gw.VerifyReturn(ctx, query)
}

// QueryTrade implements ports.TradeQuerier (alipay.trade.query to the sandbox).
func (l *Lazy) QueryTrade(ctx context.Context, outTradeNo string) (ports.GatewayPayment, error) {
	if err := l.get(); err != nil {
		return ports.GatewayPayment{}, err
	}
	return l.gw.QueryTrade(ctx, outTradeNo)
}

// ServeHTTP serves the simulator's pages (the sandbox cashier).
func (l *Lazy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := l.get(); err != nil {
		http.Error(w, "payment sandbox unavailable", http.StatusServiceUnavailable)
		return
	}
	l.sim.ServeHTTP(w, r)
}

// Sim returns the simulator, building the sandbox if needed; nil when it
// cannot be built or the sandbox was closed. Tests and tools sign messages as
// the sandbox gateway with it.
func (l *Lazy) Sim() *Sim {
	if l.get() != nil {
		return nil
	}
	return l.sim
}

// Close stops the simulator's background notification retries, if it was
// built; the sandbox is never built after Close.
func (l *Lazy) Close() {
	l.once.Do(func() { l.err = errors.New("closed") })
	if l.sim != nil {
		l.sim.Close()
	}
}
