package statement

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/openassoc/membership/core/domain/payment"
)

// cellFormat says how cells hold values: raw XLSX values (dates as serial
// numbers, amounts as binary floats) or text.
type cellFormat struct {
	xlsx  bool
	d1904 bool // XLSX dates count from 1904
}

// lineReader turns the rows of a table, given one at a time, into lines: it
// looks for the header in the first headerSearch rows and reads every row
// below it. It keeps the lines, never the rows.
type lineReader struct {
	cf    cellFormat
	rows  int // rows given so far
	lay   layout
	found bool // the header was found
	lines []payment.Line
}

// add reads the next row, numbered n as the user's spreadsheet or editor shows
// it. It returns errNoHeader when the first headerSearch rows had no header,
// and a row's problem as the user's message.
func (r *lineReader) add(row []string, n int) error {
	r.rows++
	if !r.found {
		r.lay, r.found = layoutOf(row)
		if !r.found && r.rows >= headerSearch {
			return errNoHeader
		}
		return nil
	}
	l, ok, err := r.line(row, n)
	if err != nil || !ok {
		return err
	}
	r.lines = append(r.lines, l)
	if len(r.lines) > MaxLines {
		return tooLong()
	}
	return nil
}

// result returns the lines read, or errNoHeader.
func (r *lineReader) result() ([]payment.Line, error) {
	if !r.found {
		return nil, errNoHeader
	}
	return r.lines, nil
}

// line reads one row below the header; ok is false for a row to pass over
// (empty, or a total).
func (r *lineReader) line(row []string, n int) (payment.Line, bool, error) {
	lay := r.lay
	rawDate := cell(row, lay.col(roleDate))
	if rawDate == "" {
		if blank(row) || isTotal(row) {
			return payment.Line{}, false, nil
		}
		return payment.Line{}, false, rowError(n, "缺少交易日期")
	}
	if isTotal([]string{rawDate}) {
		return payment.Line{}, false, nil
	}
	date, ok := parseDate(rawDate, r.cf)
	if !ok {
		return payment.Line{}, false, rowError(n, fmt.Sprintf("无法识别的日期「%s」", clip(rawDate)))
	}
	amount, err := lineAmount(row, lay, r.cf)
	if err != nil {
		return payment.Line{}, false, rowError(n, err.Error())
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
	return l, true, nil
}

// blank reports whether a row has no content.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
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
	cols map[role][]int
}

func (l layout) col(r role) int {
	if c := l.cols[r]; len(c) > 0 {
		return c[0]
	}
	return -1
}

// layoutOf reads a row as a statement's header: a date, an amount (or credit)
// and a payer or remark column.
func layoutOf(row []string) (layout, bool) {
	cols := map[role][]int{}
	for j, cell := range row {
		if r := roleOf(cell); r != roleNone {
			cols[r] = append(cols[r], j)
		}
	}
	hasAmount := len(cols[roleCredit]) > 0 || len(cols[roleAmount]) > 0
	if len(cols[roleDate]) > 0 && hasAmount && (len(cols[rolePayer]) > 0 || len(cols[roleRemark]) > 0) {
		return layout{cols: cols}, true
	}
	return layout{}, false
}

func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
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
