package submission_test

import (
	"bytes"
	"testing"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/submission"
	"github.com/openassoc/membership/core/domain/submission/submissiontest"
)

func TestCheckAndExtract(t *testing.T) {
	docx := submissiontest.Docx("20190607测试公司投稿", "我公司开展质量月活动。", "<script>x</script>")
	f, err := submission.Check("20190607测试公司投稿.DOCX", docx)
	if err != nil || f != submission.DOCX {
		t.Fatalf("docx: %v %v", f, err)
	}
	text, err := submission.ExtractText(docx)
	if err != nil {
		t.Fatal(err)
	}
	if want := "20190607测试公司投稿\n我公司开展质量月活动。\n<script>x</script>"; text != want {
		t.Errorf("text %q", text)
	}
	if f, err := submission.Check("a.doc", submissiontest.Doc()); err != nil || f != submission.DOC {
		t.Errorf("doc: %v %v", f, err)
	}
	big := append(submissiontest.Doc(), bytes.Repeat([]byte{0}, submission.MaxBytes-1024+1)...)
	bad := map[string]struct {
		name string
		data []byte
		code string
	}{
		"empty":           {"a.docx", nil, "file_required"},
		"10 MB + 1 byte":  {"a.doc", big, "file_too_large"},
		"docm":            {"a.docm", docx, "file_macro"},
		"zip as docx":     {"a.docx", submissiontest.Zip(map[string]string{"x.txt": "hi"}), "file_type"},
		"macro content":   {"a.docx", submissiontest.Zip(map[string]string{"[Content_Types].xml": submissiontest.MacroContentTypes, "word/document.xml": "<w:document/>"}), "file_macro"},
		"vba part":        {"a.docx", submissiontest.Zip(map[string]string{"word/document.xml": "<w:document/>", "word/vbaProject.bin": "x"}), "file_macro"},
		"html named .doc": {"a.doc", []byte("<html><script>alert(1)</script></html>"), "file_type"},
		"docx named .doc": {"a.doc", docx, "file_type"},
		"pdf":             {"a.pdf", []byte("%PDF-1.4"), "file_type"},
	}
	for what, tc := range bad {
		_, err := submission.Check(tc.name, tc.data)
		e := apperr.As(err)
		if e.Kind != apperr.KindInvalid || len(e.Fields) == 0 || e.Fields[0].Code != tc.code {
			t.Errorf("%s: %v", what, err)
		}
	}
	if submission.TitleOf(`C:\x\20190607中国XXX公司投稿.doc`) != "20190607中国XXX公司投稿" {
		t.Error("title")
	}
}
