package statement

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Field is the form field errors are reported on (the upload).
const Field = "statement"

// Limits of a statement.
const (
	// MaxLines is the most transactions one statement may hold.
	MaxLines = 20000
	// MaxColumns is the widest table read: a statement has a dozen columns,
	// and a row reaching column XFD would make the reader hold 16384 cells.
	MaxColumns = 50
	// maxRows is the most rows (or CSV records) of a table: the lines, the
	// header and the account information above it.
	maxRows         = MaxLines + headerSearch
	headerSearch    = 30
	unzipSizeLimit  = 64 << 20 // all the parts of an XLSX, unzipped
	unzipXMLLimit   = 16 << 20 // larger worksheets are read from a temporary file
	maxCellRunes    = 500
	formatCSV       = "csv"
	formatXLSX      = "xlsx"
	maxAmountFen    = 1_000_000_000_00 // ¥1,000,000,000
	excelSerialLow  = 20000            // 1954-10-03
	excelSerialHigh = 80000            // 2119-01-11
)

// Parser reads CSV and XLSX statements; it implements ports.StatementParser.
type Parser struct{}

var _ ports.StatementParser = Parser{}

// New returns a parser.
func New() Parser { return Parser{} }

func invalid(code, msg string) error {
	var v apperr.Validation
	v.Add(Field, code, msg)
	return v.Err()
}

func rowError(row int, msg string) error {
	return invalid("statement_row_invalid", fmt.Sprintf("对账单第%d行：%s，未导入任何流水", row, msg))
}

// tooLong is the refusal of a statement of more than MaxLines lines (or
// maxRows rows).
func tooLong() error {
	return invalid("statement_too_long", fmt.Sprintf("对账单最多%d行，请分批导入", MaxLines))
}

// tooWide is the refusal of a table wider than MaxColumns; row is 0 when the
// sheet's declared size says so.
func tooWide(row int) error {
	where := "对账单"
	if row > 0 {
		where = fmt.Sprintf("对账单第%d行", row)
	}
	return invalid("statement_too_wide", fmt.Sprintf("%s超过%d列，请删除表格右侧多余的列或内容后重新导入",
		where, MaxColumns))
}

// Parse reads the file: XLSX when its content is a ZIP archive, else CSV.
func (Parser) Parse(_ context.Context, fileName string, data []byte) (string, []payment.Line, error) {
	name := strings.ToLower(fileName)
	switch {
	case len(data) == 0:
		return "", nil, invalid("file_required", "请选择要导入的银行对账单")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "", nil, invalid("statement_format", "不支持旧版Excel（.xls）文件，请在Excel中另存为.xlsx或.csv后重新导入")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		lines, err := parseXLSX(data)
		return formatXLSX, lines, err
	case strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".xls"):
		return "", nil, invalid("statement_format", "文件不是有效的Excel（.xlsx）文件，请检查后重新导入")
	}
	lines, err := parseCSV(data)
	return formatCSV, lines, err
}

var errNoHeader = errors.New("no header")

// headerOr turns the missing-header sentinel into the user's message.
func headerOr(err error) error {
	if errors.Is(err, errNoHeader) {
		return invalid("statement_header", "未找到对账单的表头：需要「交易日期」和「金额」（或「贷方金额」）列，以及「对方户名」或「摘要/附言」列，请检查文件（格式说明见系统文档）")
	}
	return err
}
