package alipaysim

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/openassoc/membership/adapters/alipay"
	"github.com/openassoc/membership/adapters/alipay/internal/alipaysign"
	"github.com/openassoc/membership/ports"
)

// The embedded sandbox's fixed identities.
const (
	// SandboxPath is where the web layer mounts the handler NewSandbox returns
	// (for GET and POST), under the app's base URL.
	SandboxPath = "/sandbox/alipay/gateway.do"
	// SandboxAppID is the app id of the embedded sandbox (shaped like the ids of
	// Alipay's own sandbox apps).
	SandboxAppID = "9021000000000001"
)

// SandboxOption adjusts NewSandbox.
type SandboxOption func(*sandboxOptions)

type sandboxOptions struct {
	clock  ports.Clock
	client *http.Client
	logger *slog.Logger
}

// WithSandboxClock dates the requests and the simulated messages.
func WithSandboxClock(c ports.Clock) SandboxOption {
	return func(o *sandboxOptions) { o.clock = c }
}

// WithSandboxHTTPClient is the client the simulator posts notifications with
// (default: over the network to notify_url). HandlerClient delivers them
// in-process to the app's own handler instead, for hosts whose public base URL
// is not reachable from the server itself.
func WithSandboxHTTPClient(c *http.Client) SandboxOption {
	return func(o *sandboxOptions) { o.client = c }
}

// WithSandboxLogger receives the simulator's delivery failures.
func WithSandboxLogger(l *slog.Logger) SandboxOption {
	return func(o *sandboxOptions) { o.logger = l }
}

// NewSandbox builds both sides of the embedded sandbox in-process: a fresh app
// key pair and a simulator with its own key pair, both in memory for the life
// of the process, and an alipay.Gateway configured against baseURL +
// SandboxPath that marks its payments as sandbox payments. The simulator is to
// be mounted there by the web layer; its pages say 「沙箱环境 — 不会产生真实扣款」.
// Keys are per process: several instances behind one URL each need their own
// sandbox (or a real gateway configured instead).
func NewSandbox(baseURL string, opts ...SandboxOption) (*alipay.Gateway, *Sim, error) {
	var o sandboxOptions
	for _, opt := range opts {
		opt(&o)
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, nil, fmt.Errorf("alipaysim: sandbox base URL %q is not an absolute http(s) URL", baseURL)
	}
	appKey, simKey, err := generatePair()
	if err != nil {
		return nil, nil, err
	}
	appPrivate, err := alipaysign.PrivateKeyPEM(appKey)
	if err != nil {
		return nil, nil, fmt.Errorf("alipaysim: sandbox app key: %w", err)
	}
	appPublic, err := alipaysign.PublicKeyPEM(&appKey.PublicKey)
	if err != nil {
		return nil, nil, fmt.Errorf("alipaysim: sandbox app key: %w", err)
	}
	sim, err := New(Options{AppID: SandboxAppID, AppPublicKeyPEM: appPublic,
		SellerID: DefaultSellerID, Key: simKey, HTTPClient: o.client, Clock: o.clock, Logger: o.logger})
	if err != nil {
		return nil, nil, err
	}
	g, err := alipay.New(alipay.Config{GatewayURL: strings.TrimSuffix(baseURL, "/") + SandboxPath,
		AppID: SandboxAppID, PrivateKeyPEM: appPrivate, AlipayPublicKeyPEM: sim.PublicKeyPEM(),
		SellerID: DefaultSellerID, Clock: o.clock, Sandbox: true,
		// alipay.trade.query goes to the simulator in-process: the public base
		// URL need not resolve from the server itself.
		HTTPClient: HandlerClient(sim)})
	if err != nil {
		sim.Close()
		return nil, nil, fmt.Errorf("alipaysim: sandbox gateway: %w", err)
	}
	return g, sim, nil
}

// generatePair makes the two 2048-bit keys concurrently (startup time).
func generatePair() (app, sim *rsa.PrivateKey, err error) {
	type result struct {
		key *rsa.PrivateKey
		err error
	}
	ch := make(chan result, 1)
	go func() {
		k, err := alipaysign.GenerateKey()
		ch <- result{k, err}
	}()
	app, errApp := alipaysign.GenerateKey()
	r := <-ch
	if err := errors.Join(errApp, r.err); err != nil {
		return nil, nil, fmt.Errorf("alipaysim: sandbox keys: %w", err)
	}
	return app, r.key, nil
}
