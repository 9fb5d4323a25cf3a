package sheetreader

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/openassoc/membership/ports"
)

// openCSV reads a CSV: UTF-8 when its first bytes are valid UTF-8 (a BOM is
// dropped), else GBK (GB18030, which GBK files are); comma-separated, or
// tab-separated when the first line has tabs and no comma.
func (r *Reader) openCSV(in io.Reader, head []byte) (ports.SheetRows, error) {
	src := in
	sample := head
	if bytes.HasPrefix(sample, []byte("\xEF\xBB\xBF")) {
		sample = sample[3:]
		if _, err := io.CopyN(io.Discard, in, 3); err != nil {
			return nil, refuse("file_type", "无法读取该 CSV 文件")
		}
	}
	if !validUTF8Prefix(sample) {
		src = transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	firstLine, _, _ := bytes.Cut(sample, []byte("\n"))
	if bytes.Contains(firstLine, []byte("\t")) && !bytes.Contains(firstLine, []byte(",")) {
		cr.Comma = '\t'
	}
	next := func() ([]string, bool, error) {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, refuse("file_type", fmt.Sprintf("CSV 文件格式有误（%s），请用 Excel 另存为 CSV 后重新上传", err))
		}
		return rec, true, nil
	}
	return &rows{lim: r.lim, next: next, close: func() error { return nil }}, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a character cut at its
// end (the sample ends anywhere).
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}
