package pdfdoc

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openassoc/membership/core/apperr"
)

// Without a font the lazy renderer refuses every render with CodeFontMissing
// and a message for the member, and logs the reason once.
func TestLazyWithoutAFont(t *testing.T) {
	var logs bytes.Buffer
	l := NewLazy(Config{FontPath: filepath.Join(t.TempDir(), "missing.ttf")}, slog.New(slog.NewTextHandler(&logs, nil)))
	for range 2 {
		_, err := l.RenderForm(context.Background(), enterpriseForm())
		e := apperr.As(err)
		if e.Kind != apperr.KindInternal || e.Code != CodeFontMissing || !strings.Contains(e.Message, "中文字体") {
			t.Fatalf("got %v (%s, %q)", err, e.Code, e.Message)
		}
	}
	if n := strings.Count(logs.String(), "PDF forms unavailable"); n != 1 {
		t.Errorf("logged %d times, want once:\n%s", n, logs.String())
	}
}

// With a font it renders as New's renderer does.
func TestLazyRenders(t *testing.T) {
	newRenderer(t) // skips without a font
	l := NewLazy(Config{}, nil)
	pdf, err := l.RenderForm(context.Background(), enterpriseForm())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
}
