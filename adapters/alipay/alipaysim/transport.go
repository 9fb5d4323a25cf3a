package alipaysim

import (
	"net/http"
	"net/http/httptest"
)

// HandlerClient returns an http.Client that serves every request with h inside
// the process instead of going over the network — for the simulator's
// notifications when the app's public base URL is not reachable from the server
// itself. The request looks as if it came from 127.0.0.1. Redirects are not
// followed (Alipay does not follow them).
func HandlerClient(h http.Handler) *http.Client {
	return &http.Client{Transport: handlerTransport{h}, Timeout: defaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type handlerTransport struct{ h http.Handler }

// RoundTrip serves req with the handler and returns the recorded response.
func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.RequestURI = req.URL.RequestURI()
	r.RemoteAddr = "127.0.0.1:0"
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if req.Body != nil {
		_ = req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
