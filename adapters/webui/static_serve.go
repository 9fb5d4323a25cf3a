package webui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/uptrace/bunrouter"
)

// staticServe serves an embedded static file. The current fingerprint is cached for
// a year as immutable; an old fingerprint (a page from before a deployment) still
// gets the current file, but uncached.
func (u *UI) staticServe(w http.ResponseWriter, req bunrouter.Request) error {
	a := u.assets.byName[req.Param("path")]
	if a == nil {
		return u.NotFound(w, req)
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	if req.Param("hash") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	body, etag := a.body, `"`+a.hash+`"`
	if a.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(req.Header.Get("Accept-Encoding")) {
			body, etag = a.gzipped, `"`+a.hash+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if inm := req.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
	return nil
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
