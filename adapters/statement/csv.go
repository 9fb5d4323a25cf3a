package statement

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/openassoc/membership/core/domain/payment"
)

// parseCSV reads a CSV statement record by record. Quotes are strict: a
// quote that does not open or close a field properly is reported with its
// row (a lenient reader would take the lines up to the next quote into one
// field, silently).
func parseCSV(data []byte) ([]payment.Line, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || !utf8.Valid(dec) {
			return nil, invalid("statement_encoding", "无法识别文件编码，请保存为UTF-8或GBK编码的CSV文件")
		}
		data = dec
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, invalid("statement_format", "文件不是文本格式的CSV文件，请检查后重新导入")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffComma(data)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	lr := lineReader{}
	for records := 1; ; records++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		if records > maxRows {
			return nil, tooLong()
		}
		line, _ := r.FieldPos(0)
		if err := lr.add(rec, line); err != nil {
			return nil, headerOr(err)
		}
	}
	lines, err := lr.result()
	return lines, headerOr(err)
}

// csvError reports a malformed record by the line it starts on.
func csvError(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return invalid("statement_format", "无法读取CSV文件")
	}
	msg := "CSV格式错误：引号不成对（以引号开头的字段没有正确结束，字段中的引号应写成两个）"
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		msg = "CSV格式错误：未加引号的字段中出现了引号「\"」（含引号的字段应整个用引号括起，其中的引号写成两个）"
	}
	if pe.Line > pe.StartLine {
		msg += fmt.Sprintf("，问题出现在第%d行", pe.Line)
	}
	return rowError(pe.StartLine, msg)
}

// sniffComma picks the separator that splits the first lines most.
func sniffComma(data []byte) rune {
	head := data
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		// the header may come after some lines of account information: look at a few
		for n := 0; n < 10 && i >= 0 && i < len(data); n++ {
			j := bytes.IndexByte(data[i+1:], '\n')
			if j < 0 {
				i = len(data)
				break
			}
			i += j + 1
		}
		head = data[:min(i, len(data))]
	}
	best, bestN := ',', bytes.Count(head, []byte{','})
	for _, c := range []rune{'\t', ';'} {
		if n := bytes.Count(head, []byte(string(c))); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}
