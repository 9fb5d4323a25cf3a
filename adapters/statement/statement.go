package statement

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
	"github.com/openassoc/membership/ports"
)

// Field is the form field errors are reported on (the upload).
const Field = "statement"

// Limits of a statement.
const (
	MaxLines        = 20000
	headerSearch    = 30
	unzipSizeLimit  = 200 << 20
	unzipXMLLimit   = 64 << 20
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

// table is the cells of the sheet, and whether numeric cells are raw XLSX
// values (dates as serial numbers, amounts as binary floats).
type table struct {
	rows  [][]string
	lines []int // the file line of each row (CSV skips blank lines); nil: row i is line i+1
	xlsx  bool
	d1904 bool
}

// lineOf returns the row's number as the user's spreadsheet or editor shows it.
func (t table) lineOf(i int) int {
	if t.lines != nil {
		return t.lines[i]
	}
	return i + 1
}

func parseXLSX(data []byte) ([]payment.Line, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: unzipSizeLimit, UnzipXMLSizeLimit: unzipXMLLimit, RawCellValue: true})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, invalid("statement_format", "文件不是有效的Excel（.xlsx）文件，请检查后重新导入")
		}
		return nil, invalid("statement_format", "无法读取Excel文件（可能已加密或损坏），请另存为.xlsx或.csv后重新导入")
	}
	defer func() { _ = f.Close() }()
	props, _ := f.GetWorkbookProps()
	d1904 := props.Date1904 != nil && *props.Date1904
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, invalid("statement_format", "无法读取Excel工作表「"+sheet+"」")
		}
		lines, err := parseTable(table{rows: rows, xlsx: true, d1904: d1904})
		if !errors.Is(err, errNoHeader) {
			return lines, err // the first sheet with a statement's header
		}
	}
	return nil, headerOr(errNoHeader)
}

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
	r.LazyQuotes = true
	var rows [][]string
	var lineNos []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, rowError(pe.StartLine, "CSV格式错误（引号不匹配）")
			}
			return nil, invalid("statement_format", "无法读取CSV文件")
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, rec)
		lineNos = append(lineNos, line)
		if len(rows) > MaxLines+headerSearch {
			return nil, invalid("statement_too_long", fmt.Sprintf("对账单最多%d行，请分批导入", MaxLines))
		}
	}
	lines, err := parseTable(table{rows: rows, lines: lineNos})
	return lines, headerOr(err)
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

var errNoHeader = errors.New("no header")

// headerOr turns the missing-header sentinel into the user's message.
func headerOr(err error) error {
	if errors.Is(err, errNoHeader) {
		return invalid("statement_header", "未找到对账单的表头：需要「交易日期」和「金额」（或「贷方金额」）列，"+
			"以及「对方户名」或「摘要/附言」列，请检查文件（格式说明见系统文档）")
	}
	return err
}

// column roles.
type role int

const (
	roleNone role = iota
	roleDate
	roleCredit
	roleDebit
	roleAmount
	roleDirection
	rolePayer
	roleRemark
	roleRef
)

var aliases = map[role][]string{
	roleDate:      {"交易日期", "日期", "记账日期", "入账日期", "交易时间", "记账时间", "交易日", "date", "transactiondate", "valuedate", "bookingdate"},
	roleCredit:    {"贷方金额", "贷方发生额", "贷方", "收入金额", "收入", "入账金额", "存入金额", "收款金额", "credit", "creditamount"},
	roleDebit:     {"借方金额", "借方发生额", "借方", "支出金额", "支出", "付款金额", "debit", "debitamount"},
	roleAmount:    {"金额", "交易金额", "发生额", "amount", "transactionamount"},
	roleDirection: {"借贷标志", "借贷方向", "借贷", "收支", "收支方向", "方向", "交易方向", "dr/cr", "drcr", "direction"},
	rolePayer:     {"对方户名", "对方账户名称", "对方账户名", "对方名称", "对方单位", "付款人名称", "付款人", "付款方", "付款单位", "户名", "payer", "payername", "counterparty", "counterpartyname"},
	roleRemark:    {"摘要", "附言", "用途", "备注", "交易附言", "摘要/附言", "附言/用途", "交易摘要", "remark", "remarks", "reference", "memo", "description", "narrative"},
	roleRef:       {"流水号", "交易流水号", "银行流水号", "业务流水号", "交易序号", "凭证号", "交易参考号", "流水", "bankreference", "bankref", "transactionid", "referenceno", "refno", "transactionno"},
}

var unitSuffix = regexp.MustCompile(`[（(][^（）()]*[)）]$`)

// normHeader lower-cases a header, drops spaces, underscores and a trailing unit
// such as (元) or （人民币）.
func normHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
	s = unitSuffix.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '　' || r == '*' || r == ':' || r == '：' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return s
}

func roleOf(header string) role {
	h := normHeader(header)
	if h == "" {
		return roleNone
	}
	for r := roleDate; r <= roleRef; r++ {
		for _, a := range aliases[r] {
			if h == a {
				return r
			}
		}
	}
	return roleNone
}

// layout is where each role's column is.
type layout struct {
	header int // row index of the header
	cols   map[role][]int
}

func (l layout) col(r role) int {
	if c := l.cols[r]; len(c) > 0 {
		return c[0]
	}
	return -1
}

func findLayout(rows [][]string) (layout, bool) {
	for i := 0; i < len(rows) && i < headerSearch; i++ {
		cols := map[role][]int{}
		for j, cell := range rows[i] {
			if r := roleOf(cell); r != roleNone {
				cols[r] = append(cols[r], j)
			}
		}
		hasAmount := len(cols[roleCredit]) > 0 || len(cols[roleAmount]) > 0
		if len(cols[roleDate]) > 0 && hasAmount && (len(cols[rolePayer]) > 0 || len(cols[roleRemark]) > 0) {
			return layout{header: i, cols: cols}, true
		}
	}
	return layout{}, false
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func parseTable(t table) ([]payment.Line, error) {
	lay, ok := findLayout(t.rows)
	if !ok {
		return nil, errNoHeader
	}
	var out []payment.Line
	for i := lay.header + 1; i < len(t.rows); i++ {
		row := t.rows[i]
		n := t.lineOf(i)
		rawDate := cell(row, lay.col(roleDate))
		if rawDate == "" {
			empty := true
			for _, c := range row {
				empty = empty && strings.TrimSpace(c) == ""
			}
			if empty || isTotal(row) {
				continue
			}
			return nil, rowError(n, "缺少交易日期")
		}
		if isTotal([]string{rawDate}) {
			continue
		}
		date, ok := parseDate(rawDate, t)
		if !ok {
			return nil, rowError(n, fmt.Sprintf("无法识别的日期「%s」", clip(rawDate)))
		}
		amount, err := lineAmount(row, lay, t)
		if err != nil {
			return nil, rowError(n, err.Error())
		}
		l := payment.Line{Row: n, Date: date, AmountFen: amount, PayerName: clip(cell(row, lay.col(rolePayer))),
			BankRef: clip(cell(row, lay.col(roleRef)))}
		var remarks []string
		for _, c := range lay.cols[roleRemark] {
			if v := cell(row, c); v != "" {
				remarks = append(remarks, v)
			}
		}
		l.Remark = clip(strings.Join(remarks, " "))
		out = append(out, l)
		if len(out) > MaxLines {
			return nil, invalid("statement_too_long", fmt.Sprintf("对账单最多%d行，请分批导入", MaxLines))
		}
	}
	return out, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > maxCellRunes {
		return string([]rune(s)[:maxCellRunes])
	}
	return s
}

func isTotal(row []string) bool {
	for _, c := range row {
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, "合计") || strings.HasPrefix(c, "总计") || strings.HasPrefix(c, "小计") ||
			strings.EqualFold(c, "total") {
			return true
		}
	}
	return false
}

var dateRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$`)

func parseDate(s string, t table) (time.Time, bool) {
	if m := dateRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return validDate(y, mo, d)
	}
	if len(s) >= 8 && allDigits(s[:8]) && (len(s) == 8 || !allDigits(s[8:9])) {
		y, _ := strconv.Atoi(s[:4])
		mo, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:8])
		return validDate(y, mo, d)
	}
	if t.xlsx {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= excelSerialLow && f <= excelSerialHigh {
			tm, err := excelize.ExcelDateToTime(f, t.d1904)
			if err == nil {
				return time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC), true
			}
		}
	}
	return time.Time{}, false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func validDate(y, mo, d int) (time.Time, bool) {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if y < 1990 || y > 2200 || t.Month() != time.Month(mo) || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// lineAmount returns the credited amount in fen (negative for debits).
func lineAmount(row []string, lay layout, t table) (int64, error) {
	if c := lay.col(roleCredit); c >= 0 {
		v := cell(row, c)
		if v != "" {
			fen, err := parseAmount(v, t.xlsx)
			if err != nil {
				return 0, err
			}
			if fen != 0 || lay.col(roleDebit) < 0 {
				return fen, nil
			}
		}
		if d := lay.col(roleDebit); d >= 0 && cell(row, d) != "" {
			fen, err := parseAmount(cell(row, d), t.xlsx)
			if err != nil {
				return 0, err
			}
			return -abs(fen), nil
		}
		if lay.col(roleAmount) < 0 {
			return 0, nil // neither credit nor debit: nothing arrived
		}
	}
	c := lay.col(roleAmount)
	v := cell(row, c)
	if v == "" {
		return 0, errors.New("缺少金额")
	}
	fen, err := parseAmount(v, t.xlsx)
	if err != nil {
		return 0, err
	}
	if dcol := lay.col(roleDirection); dcol >= 0 {
		switch dir := strings.ToUpper(cell(row, dcol)); {
		case strings.Contains(dir, "贷") || strings.Contains(dir, "收") || strings.HasPrefix(dir, "C") || dir == "入":
			return abs(fen), nil
		case strings.Contains(dir, "借") || strings.Contains(dir, "支") || strings.Contains(dir, "付") ||
			strings.HasPrefix(dir, "D") || dir == "出":
			return -abs(fen), nil
		case dir == "":
		default:
			return 0, fmt.Errorf("无法识别的借贷标志「%s」", clip(dir))
		}
	}
	return fen, nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

var amountRe = regexp.MustCompile(`^([+-]?)(\d+)(?:\.(\d{1,2}))?$`)

// parseAmount reads yuan into fen: "5,000.00", "¥480", "480元", "(100.00)" for
// a negative amount. Raw XLSX numbers are binary floats and are rounded to fen.
func parseAmount(s string, xlsx bool) (int64, error) {
	orig := s
	s = strings.Map(func(r rune) rune {
		switch r {
		case ',', '，', '¥', '￥', '元', ' ', '　':
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(s, "CNY"), "RMB"), "CNY"), "RMB")
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	var fen int64
	if m := amountRe.FindStringSubmatch(s); m != nil {
		yuan, err := strconv.ParseInt(m[2], 10, 64)
		if err != nil || yuan > maxAmountFen/100 {
			return 0, fmt.Errorf("金额「%s」过大", clip(orig))
		}
		frac := m[3]
		for len(frac) < 2 {
			frac += "0"
		}
		f, _ := strconv.ParseInt(frac, 10, 64)
		fen = yuan*100 + f
		if m[1] == "-" {
			fen = -fen
		}
	} else if x, err := strconv.ParseFloat(s, 64); xlsx && err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) &&
		math.Abs(x) < maxAmountFen/100 {
		fen = int64(math.Round(x * 100))
	} else {
		return 0, fmt.Errorf("无法识别的金额「%s」", clip(orig))
	}
	if neg {
		fen = -fen
	}
	return fen, nil
}
