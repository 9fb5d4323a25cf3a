package security_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/core/domain/captcha"
	"github.com/openassoc/membership/membershiptest"
	"github.com/openassoc/membership/ports"
)

// apiReply is the answer of one JSON API call.
type apiReply struct {
	Status int
	Header http.Header
	Body   map[string]any
}

// mailWait bounds the wait for an email the module sends in the background
// (generous: the machine may be busy with other test runs).
const mailWait = 30 * time.Second

// fieldMessage returns the message of a field of an error answer.
func fieldMessage(r apiReply, field string) string {
	e, _ := r.Body["error"].(map[string]any)
	list, _ := e["fields"].([]any)
	for _, f := range list {
		fe, _ := f.(map[string]any)
		if fe["field"] == field {
			s, _ := fe["message"].(string)
			return s
		}
	}
	return ""
}

// code returns error.code of an error answer.
func (r apiReply) code() string {
	e, _ := r.Body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// message returns error.message of an error answer.
func (r apiReply) message() string {
	e, _ := r.Body["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

// fields returns field → code of an error answer.
func (r apiReply) fields() map[string]string {
	out := map[string]string{}
	e, _ := r.Body["error"].(map[string]any)
	list, _ := e["fields"].([]any)
	for _, f := range list {
		fe, _ := f.(map[string]any)
		field, _ := fe["field"].(string)
		code, _ := fe["code"].(string)
		out[field] = code
	}
	return out
}

// callAPI sends one JSON request to h from the client address addr ("ip:port")
// and decodes the answer. It is safe to call from several goroutines (it uses no
// testing.TB method but Errorf).
func callAPI(t testing.TB, h http.Handler, method, path string, body any, addr, token string) apiReply {
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			t.Errorf("encode %s %s: %v", method, path, err)
		}
	}
	req := httptest.NewRequest(method, "/api/v1"+path, &buf)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := apiReply{Status: rec.Code, Header: rec.Header()}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &r.Body); err != nil {
			t.Errorf("%s %s: %d %q: %v", method, path, rec.Code, rec.Body.String(), err)
		}
	}
	return r
}

// countingHasher is a real hasher that counts its calls and, while held, stops
// every Verify until released, telling arrivals on a channel: a test sees which
// requests reached the password check without timing anything.
type countingHasher struct {
	next     ports.PasswordHasher
	hashes   atomic.Int64
	verifies atomic.Int64

	mu       sync.Mutex
	gate     chan struct{} // closed when released; nil when not held
	arrivals chan struct{}
}

var _ ports.PasswordHasher = (*countingHasher)(nil)

func newCountingHasher(next ports.PasswordHasher) *countingHasher {
	return &countingHasher{next: next, arrivals: make(chan struct{}, 1024)}
}

// Hash hashes with the real hasher and counts the call.
func (h *countingHasher) Hash(pw string) (string, error) {
	h.hashes.Add(1)
	return h.next.Hash(pw)
}

// Verify counts the call and, while the hasher is held, waits for the release.
func (h *countingHasher) Verify(hash, pw string) (bool, error) {
	h.verifies.Add(1)
	h.mu.Lock()
	gate := h.gate
	h.mu.Unlock()
	if gate != nil {
		h.arrivals <- struct{}{}
		<-gate
	}
	return h.next.Verify(hash, pw)
}

// hold makes the following Verify calls wait for release.
func (h *countingHasher) hold() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gate = make(chan struct{})
}

// release lets the waiting Verify calls go on and stops holding.
func (h *countingHasher) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gate != nil {
		close(h.gate)
		h.gate = nil
	}
}

// reset sets the counts to zero.
func (h *countingHasher) reset() {
	h.hashes.Store(0)
	h.verifies.Store(0)
}

// concurrently runs n requests at once while the hasher holds every Verify, waits
// until each has either answered or reached the password check, then releases
// them and returns every answer's status. Requests that reach the check all
// wait there together, so a throttle that checks before and records after the
// check lets them all through.
func concurrently(t *testing.T, h *countingHasher, n int, send func(i int) apiReply) []apiReply {
	t.Helper()
	h.hold()
	defer h.release()
	replies := make(chan apiReply, n)
	for i := range n {
		go func() { replies <- send(i) }()
	}
	var out []apiReply
	waiting := 0
	for waiting+len(out) < n {
		select {
		case <-h.arrivals:
			waiting++
		case r := <-replies:
			out = append(out, r)
		}
	}
	h.release()
	for len(out) < n {
		out = append(out, <-replies)
	}
	require.Len(t, out, n)
	return out
}

// statuses counts the answers per HTTP status.
func statuses(replies []apiReply) map[int]int {
	out := map[int]int{}
	for _, r := range replies {
		out[r.Status]++
	}
	return out
}

// passFor solves a slider challenge for the login form of kind ("member" or
// "staff").
func passFor(t *testing.T, env *membershiptest.Env, kind string) string {
	t.Helper()
	if kind == "staff" {
		return env.PassCaptcha(t, captcha.PurposeStaffLogin)
	}
	return env.PassCaptcha(t, captcha.PurposeLogin)
}

// resetLinkRE finds the token of a reset link in an email.
var resetLinkRE = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_%\-]+)`)

// resetLinks asks for reset links of one address through the API and reads them
// from the mailbox.
type resetLinks struct {
	t     *testing.T
	env   *membershiptest.Env
	h     http.Handler
	email string
	seen  int // reset emails read so far
}

// request asks for a new link and returns its token once its email arrived.
func (l *resetLinks) request() string {
	l.t.Helper()
	r := callAPI(l.t, l.h, http.MethodPost, "/password-resets",
		map[string]any{"email": l.email, "captcha_token": l.env.PassCaptcha(l.t, captcha.PurposeForgotPassword)},
		"198.51.100.40:4000", "")
	require.Equal(l.t, http.StatusAccepted, r.Status, "%v", r.Body)
	var token string
	ok := l.env.WaitUntil(mailWait, func() bool {
		ms, err := l.env.Mailbox.To(l.email)
		require.NoError(l.t, err)
		var found []string
		for _, m := range ms {
			if strings.Contains(m.Subject, "重置密码") {
				if s := resetLinkRE.FindStringSubmatch(m.Text); s != nil {
					found = append(found, s[1])
				}
			}
		}
		if len(found) <= l.seen {
			return false
		}
		token = found[len(found)-1]
		return true
	})
	require.True(l.t, ok, "no new reset email to %s", l.email)
	l.seen++
	raw, err := url.QueryUnescape(token)
	require.NoError(l.t, err)
	return raw
}
