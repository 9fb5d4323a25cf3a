package webui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// requiredAssets are the static files the templates reference; New fails without
// them.
var requiredAssets = []string{
	"css/app.css", "js/app.js", "img/favicon.svg",
	"css/slider.css", "js/slider.js",
}

// asset is one static file with its fingerprint and, when it pays, a gzipped copy.
type asset struct {
	hash        string // short hex SHA-256 of the content
	url         string // /static/<hash>/<name>
	contentType string
	body        []byte
	gzipped     []byte // nil when compression does not help
}

// assets are the embedded static files, fingerprinted at start-up.
type assets struct {
	byName map[string]*asset
}

// loadAssets reads and fingerprints every embedded static file.
func loadAssets() (*assets, error) {
	as := &assets{byName: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
		a := &asset{hash: hash, url: "/static/" + hash + "/" + name, contentType: ct, body: body}
		if compressible(ct) {
			a.gzipped = gzipBytes(body)
		}
		as.byName[name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webui: read static files: %w", err)
	}
	for _, name := range requiredAssets {
		if as.byName[name] == nil {
			return nil, fmt.Errorf("webui: missing static file static/%s", name)
		}
	}
	return as, nil
}

// url returns the checksummed URL of a static file; templates call it as
// {{static "css/app.css"}}.
func (as *assets) url(name string) (string, error) {
	if a := as.byName[name]; a != nil {
		return a.url, nil
	}
	return "", fmt.Errorf("webui: unknown static file %q", name)
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "svg") || strings.Contains(ct, "json")
}

// gzipBytes compresses b, returning nil when that does not make it smaller.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil
	}
	if err := zw.Close(); err != nil {
		return nil
	}
	if buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}
