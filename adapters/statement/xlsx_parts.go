package statement

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Limits of the parts of an XLSX that excelize reads whole: the styles, the
// workbook and the relationships when the file is opened, the shared strings
// when the first cell is read. Their structures take far more memory than
// their XML (a tiny string or style costs about 1 KiB), so a small file with a
// part of millions of empty entries is a memory bomb. A bank statement of
// MaxLines lines has a few thousand styles at most and a few shared strings a
// line.
const (
	maxOpenedPartBytes   = 1 << 20  // styles.xml, workbook.xml, calcChain.xml, *.rels, [Content_Types].xml
	maxSharedStringBytes = 16 << 20 // xl/sharedStrings.xml
	maxSharedStrings     = 5 * MaxLines
)

// checkParts refuses, from the ZIP directory and before excelize opens the
// file, an XLSX whose parts unzip to more than a statement needs. The sizes
// are those the archive declares: archive/zip refuses to read a part past
// its declared size. A file that is no ZIP archive is left to excelize.
func checkParts(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil //nolint:nilerr // excelize reports what is wrong with the archive
	}
	tooComplex := func(what string) error {
		return invalid("statement_format", fmt.Sprintf("Excel文件的%s过大，超出对账单的需要，请在Excel中另存为.csv（或复制到新的工作簿）后重新导入", what))
	}
	var total uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		name := strings.ToLower(f.Name)
		switch {
		case total > unzipSizeLimit:
			return tooComplex("内容")
		case name == "xl/sharedstrings.xml":
			if size > maxSharedStringBytes {
				return tooComplex("共享字符串表")
			}
			if n, err := countSharedStrings(f); err != nil || n > maxSharedStrings {
				return tooComplex("共享字符串表")
			}
		case strings.HasPrefix(name, "xl/worksheets/sheet"): // read row by row
		case openedPart(name) && size > maxOpenedPartBytes:
			return tooComplex("样式表或结构部件")
		}
	}
	return nil
}

// openedPart reports whether excelize parses the part whole when it opens a
// workbook.
func openedPart(name string) bool {
	return strings.HasSuffix(name, ".rels") || name == "[content_types].xml" || name == "xl/workbook.xml" ||
		name == "xl/styles.xml" || name == "xl/calcchain.xml"
}

// countSharedStrings counts the string items (<si>, with any namespace prefix)
// of the shared string table without parsing it: a scan of its tags.
func countSharedStrings(f *zip.File) (int, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, fmt.Errorf("statement: open shared strings: %w", err)
	}
	defer func() { _ = rc.Close() }()
	body := make([]byte, min(f.UncompressedSize64, maxSharedStringBytes))
	if _, err := io.ReadFull(rc, body); err != nil {
		return 0, fmt.Errorf("statement: read shared strings: %w", err)
	}
	n := 0
	for i := bytes.IndexByte(body, '<'); i >= 0; {
		tag := body[i+1:]
		end := bytes.IndexAny(tag, " \t\r\n/>")
		if end > 0 {
			name := tag[:end]
			if k := bytes.IndexByte(name, ':'); k >= 0 {
				name = name[k+1:]
			}
			if string(name) == "si" {
				n++
			}
		}
		j := bytes.IndexByte(tag, '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n, nil
}
