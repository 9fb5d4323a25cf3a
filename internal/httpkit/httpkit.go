// Package httpkit holds the HTTP helpers both inbound adapters (the JSON API in
// adapters/httpapi and the web UI in adapters/webui) share, so that they answer
// alike: the status of an error kind, the Retry-After header, reading the one
// file of an upload form, and the Content-Disposition of a download. It is the
// only package the adapters share besides adapters/httpmw; what differs between
// them (the JSON error envelope, the error page, which headers a download
// carries) stays in each adapter.
package httpkit

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/openassoc/membership/core/apperr"
)

// Status maps an error kind to the HTTP status of the answer: Invalid is 422,
// NotFound 404, Forbidden 403, Unauthorized 401, Conflict 409, Throttled 429, and
// everything else (Internal, an unknown kind) 500.
func Status(k apperr.Kind) int {
	switch k {
	case apperr.KindInvalid:
		return http.StatusUnprocessableEntity
	case apperr.KindNotFound:
		return http.StatusNotFound
	case apperr.KindForbidden:
		return http.StatusForbidden
	case apperr.KindUnauthorized:
		return http.StatusUnauthorized
	case apperr.KindConflict:
		return http.StatusConflict
	case apperr.KindThrottled:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// RetryAfter is the Retry-After value of a wait: whole seconds, rounded up, at
// least one (a client told 0 would retry at once).
func RetryAfter(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

// SetRetryAfter tells the client when to retry (RetryAfter); a wait that is not
// known (d ≤ 0) sets nothing.
func SetRetryAfter(w http.ResponseWriter, d time.Duration) {
	if d > 0 {
		w.Header().Set("Retry-After", RetryAfter(d))
	}
}

// ContentDisposition builds a Content-Disposition header of the kind ("inline"
// or "attachment") for a file called name: an ASCII fallback name for old
// clients and the percent-encoded UTF-8 name of RFC 6266 / RFC 5987 (the
// filename* parameter), so that a Chinese file name arrives intact.
func ContentDisposition(kind, name, fallback string) string {
	return kind + `; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes a file name for filename*: only the attr-char set stays.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
