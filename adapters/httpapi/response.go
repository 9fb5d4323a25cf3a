package httpapi

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// writeJSON writes v as the UTF-8 JSON body with the status.
func writeJSON(w http.ResponseWriter, log *slog.Logger, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		log.Error("api encode response", "error", err)
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"系统繁忙，请稍后再试","fields":[],"request_id":""}}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// ok writes a success response (its labels in the answer's language).
func (a *API) ok(w http.ResponseWriter, status int, v any) error {
	writeJSON(w, a.log, status, a.translated(w, v))
	return nil
}

// noContent writes an empty success response.
func noContent(w http.ResponseWriter, status int) error {
	w.WriteHeader(status)
	return nil
}

// timestamp formats an instant as RFC 3339 in UTC, to the second.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// optional returns nil for the empty string so that JSON shows null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
