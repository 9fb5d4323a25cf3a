package membership

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/alipaysim"
	"github.com/openassoc/membership/adapters/bunstore"
	"github.com/openassoc/membership/core/app/command"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/ports"
)

// gatewayChoice is the online payment set-up: the gateway (nil when online
// payment is disabled) and the embedded sandbox (nil unless it is the gateway).
type gatewayChoice struct {
	gateway ports.PaymentGateway
	sandbox *lazySandbox
}

// paymentGateway returns the online payment gateway: the WithPaymentGateway
// option's, a real Alipay gateway from Config.Alipay, or the embedded sandbox
// (built on first use: its two RSA keys take a moment to generate), with the
// sandbox when it is the embedded one. Disabled online payment is the zero
// gatewayChoice. A sandbox (embedded or Alipay's own) is announced with a
// warning in the log: its payments move no money.
func (m *Module) paymentGateway(o options) (gatewayChoice, error) {
	a := m.cfg.Alipay
	switch {
	case o.gateway != nil:
		return gatewayChoice{gateway: o.gateway}, nil
	case a.Disabled:
		return gatewayChoice{}, nil // online payment is off
	case a.configured():
		g, err := alipay.New(alipay.Config{GatewayURL: a.GatewayURL, AppID: a.AppID, PrivateKeyPEM: a.PrivateKeyPEM,
			AlipayPublicKeyPEM: a.AlipayPublicKeyPEM, SellerID: a.SellerID, Clock: o.clock})
		if err != nil {
			return gatewayChoice{}, fmt.Errorf("membership: Alipay: %w", err)
		}
		if g.IsSandbox() {
			m.logger.Warn("online payments go to Alipay's sandbox and move no real money; "+
				"payments it reports are marked 沙箱支付（未实际收款）", "gateway", a.GatewayURL)
		}
		return gatewayChoice{gateway: g}, nil
	}
	m.logger.Warn("online payments go to the embedded Alipay sandbox and move NO real money; "+
		"payments it reports are marked 沙箱支付（未实际收款）. Configure Alipay (Config.Alipay, memberd "+
		"-alipay-* flags) to take real payments, or disable online payment (Config.Alipay.Disabled)",
		"gateway", m.cfg.BaseURL+alipay.SandboxPath)
	sb := &lazySandbox{build: func() (*alipay.Gateway, http.Handler, error) {
		// The simulator delivers its notifications to the module's own handler in
		// process, so the sandbox works whatever address BaseURL names.
		self := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { m.Handler().ServeHTTP(w, r) })
		return alipay.NewSandbox(m.cfg.BaseURL, alipay.WithSandboxClock(o.clock),
			alipay.WithSandboxHTTPClient(alipaysim.HandlerClient(self)),
			alipay.WithSandboxLogger(m.logger.With("component", "alipay-sandbox")))
	}}
	return gatewayChoice{gateway: sb, sandbox: sb}, nil
}

// lazySandbox is the embedded Alipay sandbox, built on first use: both the
// gateway (ports.PaymentGateway) and the simulator's handler (http.Handler).
type lazySandbox struct {
	build func() (*alipay.Gateway, http.Handler, error)

	once sync.Once
	gw   *alipay.Gateway
	h    http.Handler
	err  error
}

func (l *lazySandbox) get() error {
	l.once.Do(func() { l.gw, l.h, l.err = l.build() })
	if l.err != nil {
		return apperr.Internal(fmt.Errorf("alipay sandbox: %w", l.err))
	}
	return nil
}

// StartPayment implements ports.PaymentGateway.
func (l *lazySandbox) StartPayment(ctx context.Context, order ports.PaymentOrder) (string, error) {
	if err := l.get(); err != nil {
		return "", err
	}
	return l.gw.StartPayment(ctx, order)
}

// VerifyNotification implements ports.PaymentGateway.
func (l *lazySandbox) VerifyNotification(ctx context.Context, form url.Values) (ports.GatewayPayment, error) {
	if err := l.get(); err != nil {
		return ports.GatewayPayment{}, err
	}
	return l.gw.VerifyNotification(ctx, form)
}

// VerifyReturn implements ports.PaymentGateway.
func (l *lazySandbox) VerifyReturn(ctx context.Context, query url.Values) (ports.GatewayPayment, error) {
	if err := l.get(); err != nil {
		return ports.GatewayPayment{}, err
	}
	return l.gw.VerifyReturn(ctx, query)
}

// ServeHTTP serves the simulator's pages (the sandbox cashier).
func (l *lazySandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := l.get(); err != nil {
		http.Error(w, "payment sandbox unavailable", http.StatusServiceUnavailable)
		return
	}
	l.h.ServeHTTP(w, r)
}

// close stops the simulator's background notification retries, if it was built.
func (l *lazySandbox) close() {
	l.once.Do(func() { l.err = errors.New("closed") }) // never build after close
	if s, ok := l.h.(*alipaysim.Sim); ok {
		s.Close()
	}
}

// sim returns the simulator, building the sandbox if needed.
func (l *lazySandbox) sim() *alipaysim.Sim {
	if l.get() != nil {
		return nil
	}
	s, _ := l.h.(*alipaysim.Sim)
	return s
}

// SandboxHandler returns the embedded Alipay sandbox's gateway pages, to mount
// at alipay.SandboxPath (/sandbox/alipay/gateway.do) for GET and POST; nil when
// a real gateway is configured or online payment is disabled. Handler and
// Register mount it already.
func (m *Module) SandboxHandler() http.Handler {
	if m.sandbox == nil {
		return nil
	}
	return m.sandbox
}

// AlipaySandbox returns the embedded sandbox's simulator (for tests and tools
// that sign messages as the sandbox gateway), or nil without the sandbox.
func (m *Module) AlipaySandbox() *alipaysim.Sim {
	if m.sandbox == nil {
		return nil
	}
	return m.sandbox.sim()
}

// notifyingTx wakes the outbox relay after a committed transaction.
type notifyingTx struct {
	ports.Transactor
	notify func()
}

func (n notifyingTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	err := n.Transactor.InTx(ctx, fn)
	if err == nil {
		n.notify()
	}
	return err
}

// transactor returns the storage transactor, waking the relay after commits.
func (m *Module) transactor() ports.Transactor {
	var tx ports.Transactor = bunstore.NewTransactor(m.db)
	if m.relay != nil {
		tx = notifyingTx{Transactor: tx, notify: m.relay.Notify}
	}
	return tx
}

// instanceID names this process as a lease holder.
func instanceID() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// renewals runs the renewal sweep every Config.Renewal.SweepEvery, first soon
// after start. Any number of instances may run it; the lease lets one at a time
// do the work.
func (m *Module) renewals(ctx context.Context) error {
	every := m.cfg.Renewal.SweepEvery
	if every < 0 {
		return nil
	}
	holder := instanceID()
	timer := time.NewTimer(min(5*time.Second, every))
	defer timer.Stop()
	defer func() {
		// Hand the lease over at once to the other instances.
		_ = m.deps.Leases.Release(context.WithoutCancel(ctx), command.RenewalSweepLease, holder)
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		res, err := m.app.Commands.RenewalSweep.Handle(ctx, holder)
		switch {
		case err != nil && ctx.Err() == nil:
			m.logger.Warn("renewal sweep", "err", err)
		case res.Ran && res.Changed > 0:
			m.logger.Info("renewal sweep", "examined", res.Examined, "changed", res.Changed)
		}
		timer.Reset(every)
	}
}
