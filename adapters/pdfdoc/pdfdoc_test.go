package pdfdoc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/openassoc/membership/ports"
)

func TestRenderFormEnterpriseApplication(t *testing.T) {
	r := newRenderer(t)
	doc := enterpriseForm()
	if n := utf8.RuneCountInString(intro); n < 600 {
		t.Fatalf("fixture 单位简介 has %d characters, want at least 600", n)
	}
	pdf, err := r.RenderForm(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF: %q", pdf[:min(len(pdf), 16)])
	}

	info := pdfInfo(t, pdf)
	for key, want := range map[string]string{
		"Pages": "1", "Title": doc.Title, "Subject": doc.Subtitle, "Creator": DefaultCreator,
		"Page size": "595.28 x 841.89 pts (A4)",
	} {
		if info[key] != want {
			t.Errorf("pdfinfo %s = %q, want %q", key, info[key], want)
		}
	}

	all := squeeze(poppler(t, "pdftotext", pdf, "-raw", "-enc", "UTF-8"))
	for _, want := range formTexts(doc) {
		if !strings.Contains(all, squeeze(want)) {
			t.Errorf("extracted text lacks %q", want)
		}
	}
	for _, want := range []string{squeeze(pageNumber(1, 1)), squeeze(footer), "单位盖章：", "法定代表人（签字）："} {
		if !strings.Contains(all, squeeze(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("extracted:\n%s", all)
	}
}

// longForm is the enterprise form with a 单位简介 of several pages.
func longForm() ports.FormDocument {
	doc := enterpriseForm()
	doc.Sections[2].Rows[2].Value = strings.Repeat(intro+"\n", 6)
	return doc
}

// TestRenderFormRowsNeverSplit checks on the multi-page layout (RenderForm
// fits the enterprise form on one page; see fit.go) that every block lies in
// the body of its page and that no section header is left at a page bottom.
func TestRenderFormRowsNeverSplit(t *testing.T) {
	r := newRenderer(t)
	for name, tc := range map[string]struct {
		doc    ports.FormDocument
		pages  int
		splits int // rows taller than a page, cut to fill pages
	}{"enterprise": {enterpriseForm(), 2, 0}, "long": {longForm(), 4, 1}} {
		doc := cleanDoc(tc.doc)
		pdf := r.newPDF(doc)
		l := layout(newPen(pdf, r), doc)
		pages := paginate(l.blocks, l.bottom)
		if len(pages) != tc.pages {
			t.Errorf("%s: %d pages, want %d", name, len(pages), tc.pages)
		}
		n := 0
		for i, page := range pages {
			for _, p := range page {
				if p.y < topFirst || p.y+p.block.h > l.bottom+1e-9 {
					t.Errorf("%s page %d: block at %.1f..%.1f leaves the body (..%.1f)", name, i+1, p.y, p.y+p.block.h, l.bottom)
				}
				if p.block.header && p.y+p.block.h+p.block.minH > l.bottom {
					t.Errorf("%s page %d: section header at %.1f is left alone at the bottom", name, i+1, p.y)
				}
				n++
			}
		}
		// Each page after the first repeats a section header, and each split adds a block.
		if want := len(l.blocks) + len(pages) - 1 + tc.splits; n != want {
			t.Errorf("%s: %d blocks placed, want %d", name, n, want)
		}
	}
}

func TestRenderFormLongTextContinues(t *testing.T) {
	r := newRenderer(t)
	out, err := r.RenderForm(context.Background(), longForm())
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := strconv.Atoi(pdfInfo(t, out)["Pages"])
	if pages != 4 {
		t.Fatalf("%d pages, want 4", pages)
	}
	text := squeeze(poppler(t, "pdftotext", out, "-raw", "-enc", "UTF-8"))
	for want, count := range map[string]int{
		"三、质量管理情况（续）":                     2, // pages 2 and 3 open in section 三, page 4 with 四
		"单位简介（续）":                         2,
		"单位盖章：":                           1,
		squeeze(pageNumber(pages, pages)): 1,
	} {
		if got := strings.Count(text, squeeze(want)); got != count {
			t.Errorf("%q appears %d times, want %d", want, got, count)
		}
	}
}

func TestRenderFormEdgeCases(t *testing.T) {
	r := newRenderer(t)
	docs := map[string]ports.FormDocument{
		"empty":      {},
		"title only": {Title: "中国质量协会单位会员入会申请表"},
		"odd text": {Title: "表\t格\x00", Sections: []ports.FormSection{{Rows: []ports.FormRow{
			{Label: "", Value: "𠮷野家 emoji 😀 and a very long token " + strings.Repeat("W", 300)},
			{Label: strings.Repeat("很长的标签", 10), Value: ""},
			{Label: "", Value: "", Wide: true},
		}}}},
	}
	for name, doc := range docs {
		out, err := r.RenderForm(context.Background(), doc)
		if err != nil || !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Errorf("%s: err %v, %d bytes", name, err, len(out))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.RenderForm(ctx, enterpriseForm()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err %v", err)
	}
}

func TestRenderFormConcurrent(t *testing.T) {
	r := newRenderer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			doc := enterpriseForm()
			doc.Subtitle = fmt.Sprintf("申请单位：第%02d号测试单位", i)
			out, err := r.RenderForm(context.Background(), doc)
			switch {
			case err != nil:
				errs <- err
			case !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.Contains(out, []byte("%%EOF")):
				errs <- fmt.Errorf("goroutine %d: malformed PDF of %d bytes", i, len(out))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkRenderForm(b *testing.B) {
	r := newRenderer(b)
	doc := enterpriseForm()
	ctx := context.Background()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := r.RenderForm(ctx, doc)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}

// TestRenderFormDeterministic: the same form and clock give the same bytes,
// so callers may cache or compare rendered forms.
func TestRenderFormDeterministic(t *testing.T) {
	r := newRenderer(t)
	first, err := r.RenderForm(context.Background(), enterpriseForm())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := r.RenderForm(context.Background(), enterpriseForm())
		if err != nil || !bytes.Equal(first, again) {
			t.Fatalf("second rendering differs (err %v)", err)
		}
	}
}
