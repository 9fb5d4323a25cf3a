package prommetrics

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/uptrace/bunrouter"
)

// StatusClientGone is the status recorded for a request whose client closed
// the connection before the answer (nginx's 499): not a server error.
const StatusClientGone = 499

// loginRoutes are the login forms and API calls, and who logs in there.
var loginRoutes = map[string]string{
	"/login": "member", "/api/v1/sessions": "member",
	"/admin/login": "staff", "/api/v1/staff/sessions": "staff",
}

// Middleware counts and times each request by method, route pattern (the
// router's, e.g. /api/v1/applications/:member_id/scan, so that ids do not make
// new series) and status; a request whose client went away is counted as 499
// and in http_client_gone_total; a refused POST to a login route counts in
// login_failures_total.
func (m *Metrics) Middleware() bunrouter.MiddlewareFunc {
	return func(next bunrouter.HandlerFunc) bunrouter.HandlerFunc {
		return func(w http.ResponseWriter, req bunrouter.Request) error {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			err := next(sw, req)
			route := req.Route()
			if route == "" {
				route = "unmatched"
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			if errors.Is(req.Context().Err(), context.Canceled) {
				status = StatusClientGone
				m.clientGone.WithLabelValues(route).Inc()
			}
			m.requests.WithLabelValues(req.Method, route, strconv.Itoa(status)).Inc()
			m.latency.WithLabelValues(req.Method, route).Observe(time.Since(start).Seconds())
			if who, ok := loginRoutes[route]; ok && req.Method == http.MethodPost && status >= 400 &&
				status < 500 {
				reason := "refused"
				if status == http.StatusTooManyRequests {
					reason = "throttled"
				}
				m.logins.WithLabelValues(who, reason).Inc()
			}
			return err
		}
	}
}

// statusWriter remembers the status of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
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
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
