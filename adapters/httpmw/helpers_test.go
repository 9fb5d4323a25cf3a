package httpmw_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/uptrace/bunrouter"

	"github.com/openassoc/membership/adapters/httpmw"
)

// logLines collects what a JSON slog handler writes, one record per line.
type logLines struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// records returns the records logged so far.
func (l *logLines) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		out = append(out, rec)
	}
	return out
}

// record returns the one record with the message.
func (l *logLines) record(t *testing.T, msg string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, rec := range l.records(t) {
		if rec["msg"] == msg {
			found = append(found, rec)
		}
	}
	require.Len(t, found, 1, "records %q", msg)
	return found[0]
}

// seen is what the handler behind Chain saw of its request.
type seen struct {
	requestID, remoteAddr, clientIP string
	https                           bool
}

// served is one request through Chain: the response, what the handler saw, the
// error Chain returned and the log.
type served struct {
	w    *httptest.ResponseRecorder
	seen seen
	err  error
	logs *logLines
}

// serve runs one request through Chain and a handler that records what it saw,
// logs "inside" with the request's logger and then does what do says (nil:
// writes 200 "ok").
func serve(t *testing.T, o httpmw.Options, r *http.Request, do func(w http.ResponseWriter) error) served {
	t.Helper()
	out := served{w: httptest.NewRecorder(), logs: &logLines{}}
	o.Logger = slog.New(slog.NewJSONHandler(out.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := httpmw.Chain(o)(func(w http.ResponseWriter, req bunrouter.Request) error {
		out.seen = seen{requestID: httpmw.RequestID(req.Context()), remoteAddr: req.RemoteAddr,
			clientIP: httpmw.ClientIP(req.Request), https: httpmw.IsHTTPS(req.Request)}
		httpmw.Logger(req.Context(), nil).Info("inside")
		if do == nil {
			_, err := w.Write([]byte("ok"))
			return err
		}
		return do(w)
	})
	out.err = h(out.w, bunrouter.NewRequest(r))
	return out
}

func request(remote string, headers map[string]string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/members?page=2", nil)
	r.RemoteAddr = remote
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return r
}
