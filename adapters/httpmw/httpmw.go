// Package httpmw holds the HTTP middleware shared by the web UI and the JSON API:
// request ids, structured access logs, panic recovery, the client address behind a
// trusted proxy, and security headers.
package httpmw

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/uptrace/bunrouter"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyLogger
)

// RequestID returns the id of the request in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(keyRequestID).(string)
	return id
}

// Logger returns the request-scoped logger (with request_id), or the fallback.
func Logger(ctx context.Context, fallback *slog.Logger) *slog.Logger {
	if l, ok := ctx.Value(keyLogger).(*slog.Logger); ok {
		return l
	}
	return fallback
}

func newID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Options configure the middleware chain.
type Options struct {
	Logger *slog.Logger
	// TrustProxy takes the client address from X-Forwarded-For and the scheme
	// from X-Forwarded-Proto, but only of requests whose direct peer is a trusted
	// proxy: one in TrustedProxies, or with TrustedProxies empty one on loopback
	// (LoopbackProxies). Behind it, the client is the right-most X-Forwarded-For
	// address that is not a proxy's, since everything left of it was written by
	// the client. X-Real-Ip is not read: a proxy that does not overwrite it
	// passes the client's own value on.
	TrustProxy bool
	// TrustedProxies are the reverse proxies' networks (see ParseProxies); giving
	// them implies TrustProxy, and they replace the loopback default.
	TrustedProxies []netip.Prefix
	// ProxyHops is how many proxies stand in front of the module, the direct
	// peer included, for a chain whose outer proxies have no fixed addresses (a
	// cloud load balancer in front of a local nginx: 2). The first ProxyHops-1
	// X-Forwarded-For entries from the right are then taken as proxies whatever
	// their address. 0 or 1: proxies are known by address only. The direct peer
	// must be trusted all the same.
	ProxyHops int
	// QuietPaths are not access-logged at info level (health checks).
	QuietPaths []string
}

// Chain returns the middleware every request passes: request id, client address,
// recovery, access log and security headers (HSTS on responses served over
// HTTPS).
func Chain(o Options) bunrouter.MiddlewareFunc {
	px := newProxies(o)
	return func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			start := time.Now()
			id := req.Header.Get("X-Request-Id")
			if id == "" || len(id) > 64 {
				id = newID()
			}
			px.apply(req.Request)
			log := o.Logger.With("request_id", id)
			ctx := context.WithValue(req.Context(), keyRequestID, id)
			ctx = context.WithValue(ctx, keyLogger, log)
			req = req.WithContext(ctx)

			h := w.Header()
			h.Set("X-Request-Id", id)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			if IsHTTPS(req.Request) {
				h.Set("Strict-Transport-Security", hstsValue)
			}
			sw := &statusWriter{ResponseWriter: w}

			err := func() (err error) {
				defer func() {
					if p := recover(); p != nil {
						log.Error("panic", "panic", p, "path", req.URL.Path)
						if sw.status == 0 {
							http.Error(sw, "系统繁忙，请稍后再试", http.StatusInternalServerError)
						}
						err = nil
					}
				}()
				return next(sw, req)
			}()
			level := slog.LevelInfo
			for _, p := range o.QuietPaths {
				if req.URL.Path == p {
					level = slog.LevelDebug
				}
			}
			gone := ClientGone(req.Request)
			if sw.status >= 500 && !gone {
				level = slog.LevelError
			}
			attrs := []any{"method", req.Method, "path", req.URL.Path, "status", sw.status, "bytes", sw.bytes,
				"duration", time.Since(start), "remote", ClientIP(req.Request)}
			if gone {
				attrs = append(attrs, "client_gone", true)
			}
			log.Log(ctx, level, "http request", attrs...)
			return err
		}
	}
}

// ClientIP returns the client's IP address (without port) of a request that went
// through Chain.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// IsHTTPS reports whether the request reached us over TLS, directly or through a
// trusted proxy; cookies are then marked Secure.
func IsHTTPS(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get(httpsMarker) == "1"
}
