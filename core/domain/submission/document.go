package submission

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/openassoc/membership/core/apperr"
)

// oleMagic starts an OLE compound file (a Word 97–2003 .doc).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Bounds of reading a .docx: its parts' listing and the document part.
const (
	maxParts    = 2000
	maxXMLBytes = 20 << 20 // word/document.xml, decompressed
	// MaxTextRunes bounds the text extracted for the reviewer.
	MaxTextRunes = 50000
)

const msgType = "仅支持doc文档格式上传（.doc 或 .docx），不支持启用宏的文档"

// Check accepts a Word document by its name and content: a .doc that is an
// OLE compound file, or a .docx that is an Office Open XML package with
// word/document.xml and no macros (.docm, a macro-enabled content type or a
// vbaProject part is refused); its format, or a field error on Field.
func Check(fileName string, data []byte) (Format, error) {
	ext := strings.ToLower(path.Ext(fileName))
	switch {
	case len(data) == 0:
		return "", fieldErr("file_required", "请选择投稿文件")
	case len(data) > MaxBytes:
		return "", fieldErr("file_too_large", "文档限定10MB以内")
	case ext == ".docm" || ext == ".dotm":
		return "", fieldErr("file_macro", "不支持启用宏的文档（.docm），请另存为 .docx 或 .doc 后上传")
	case ext == ".doc" && bytes.HasPrefix(data, oleMagic):
		return DOC, nil
	case ext == ".docx" && bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if err := checkDocx(data); err != nil {
			return "", err
		}
		return DOCX, nil
	}
	return "", fieldErr("file_type", msgType)
}

// FieldError is a refusal on the upload's field.
func FieldError(code, msg string) error { return fieldErr(code, msg) }

func fieldErr(code, msg string) error {
	var v apperr.Validation
	v.Add(Field, code, msg)
	return v.Err()
}

// checkDocx checks the package: a Word main document, no macros.
func checkDocx(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > maxParts {
		return fieldErr("file_type", msgType)
	}
	hasDoc := false
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		switch {
		case name == "word/document.xml":
			hasDoc = true
		case strings.HasSuffix(name, "vbaproject.bin"):
			return fieldErr("file_macro", "不支持启用宏的文档，请另存为 .docx 或 .doc 后上传")
		case name == "[content_types].xml":
			types, err := readPart(f, 1<<20)
			if err != nil {
				return fieldErr("file_type", msgType)
			}
			if bytes.Contains(bytes.ToLower(types), []byte("macroenabled")) {
				return fieldErr("file_macro", "不支持启用宏的文档，请另存为 .docx 或 .doc 后上传")
			}
		}
	}
	if !hasDoc {
		return fieldErr("file_type", "该文件不是有效的Word文档（缺少正文 word/document.xml）")
	}
	return nil
}

// readPart reads a zip part of at most limit decompressed bytes.
func readPart(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer func() { _ = rc.Close() }()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.Name, err)
	}
	if int64(len(b)) > limit {
		return nil, errors.New("part too large")
	}
	return b, nil
}

// ExtractText returns the text of a .docx's word/document.xml: paragraphs on
// lines, tabs and breaks kept, at most MaxTextRunes characters.
func ExtractText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("submission: docx: %w", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			b, err := readPart(f, maxXMLBytes)
			if err != nil {
				return "", fmt.Errorf("submission: docx: %w", err)
			}
			return textOf(b)
		}
	}
	return "", errors.New("submission: docx: no word/document.xml")
}

// textOf walks the WordprocessingML tokens: w:t text, w:tab, w:br and the
// end of each w:p.
func textOf(doc []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	inText, n := false, 0
	for n < MaxTextRunes {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("submission: docx text: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
				n += len([]rune(string(t)))
			}
		}
	}
	return strings.TrimSpace(b.String()), nil
}
