package pdfdoc

import (
	"context"
	"os"
	"testing"
)

// TestWriteSample writes the fixture to $PDFDOC_SAMPLE for looking at it.
func TestWriteSample(t *testing.T) {
	path := os.Getenv("PDFDOC_SAMPLE")
	if path == "" {
		t.Skip("set PDFDOC_SAMPLE=/tmp/form.pdf to write a sample form")
	}
	r := newRenderer(t)
	out, err := r.RenderForm(context.Background(), enterpriseForm())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
