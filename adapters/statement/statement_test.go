package statement_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/openassoc/membership/adapters/statement"
	"github.com/openassoc/membership/core/apperr"
	"github.com/openassoc/membership/core/domain/payment"
)

var ctx = context.Background()

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func parse(t *testing.T, name string, data []byte) (string, []payment.Line) {
	t.Helper()
	format, lines, err := statement.New().Parse(ctx, name, data)
	require.NoError(t, err)
	return format, lines
}

func requireInvalid(t *testing.T, err error, code, contains string) {
	t.Helper()
	require.Error(t, err)
	e := apperr.As(err)
	require.Equal(t, apperr.KindInvalid, e.Kind, "%v", err)
	require.Len(t, e.Fields, 1)
	assert.Equal(t, statement.Field, e.Fields[0].Field)
	assert.Equal(t, code, e.Fields[0].Code)
	assert.Contains(t, e.Fields[0].Message, contains)
}

const icbc = "\uFEFF中国工商银行对公账户明细\n账号,0200002809014498969\n\n" +
	"交易日期,摘要,对方户名,贷方金额(元),借方金额(元),流水号,余额\n" +
	"2019-09-23 10:11:12,会费 HF7KX3MQ,甲质量科技有限公司,\"5,000.00\",,B0001,100\n" +
	"2019/9/24,手续费,,,15.5,B0002,99\n" +
	",,,,,,\n" +
	"合计,,,5000.00,15.50,,\n"

func TestCSVWithPreambleAndCreditDebitColumns(t *testing.T) {
	t.Parallel()
	format, lines := parse(t, "对账单.csv", []byte(icbc))
	assert.Equal(t, "csv", format)
	require.Len(t, lines, 2)
	assert.Equal(t, payment.Line{Row: 5, Date: day("2019-09-23"), AmountFen: 500000, PayerName: "甲质量科技有限公司",
		Remark: "会费 HF7KX3MQ", BankRef: "B0001"}, lines[0])
	assert.Equal(t, int64(-1550), lines[1].AmountFen, "a debit")
	assert.Equal(t, day("2019-09-24"), lines[1].Date)
}

func TestCSVInGBKWithSignedAmountAndDirection(t *testing.T) {
	t.Parallel()
	text := "记账日期;对方账户名称;交易金额;借贷标志;附言;用途;交易流水号\n" +
		"2019年9月23日;乙公司;480.00;贷;会费;HF7KX3MQ;T1\n" +
		"20190924;丙公司;100;借;货款;;T2\n" +
		"2019.09.25;丁公司;-20;;退款;;T3\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	require.NoError(t, err)
	_, lines := parse(t, "statement.CSV", gbk)
	require.Len(t, lines, 3)
	assert.Equal(t, int64(48000), lines[0].AmountFen)
	assert.Equal(t, "乙公司", lines[0].PayerName)
	assert.Equal(t, "会费 HF7KX3MQ", lines[0].Remark, "every remark column is read")
	assert.Equal(t, day("2019-09-23"), lines[0].Date)
	assert.Equal(t, int64(-10000), lines[1].AmountFen)
	assert.Equal(t, day("2019-09-24"), lines[1].Date)
	assert.Equal(t, int64(-2000), lines[2].AmountFen)
}

func TestCSVEnglishHeadersAndTabs(t *testing.T) {
	t.Parallel()
	text := "Transaction Date\tCredit Amount\tPayer Name\tRemark\tBank Reference\n" +
		"2019-09-23\t¥480\tZhang San\tHF7KX3MQ\tR-1\n"
	_, lines := parse(t, "s.txt", []byte(text))
	require.Len(t, lines, 1)
	assert.Equal(t, int64(48000), lines[0].AmountFen)
	assert.Equal(t, "R-1", lines[0].BankRef)
}

func xlsx(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, err)
		row := r
		require.NoError(t, f.SetSheetRow(sh, cell, &row))
	}
	var b bytes.Buffer
	require.NoError(t, f.Write(&b))
	return b.Bytes()
}

func TestXLSX(t *testing.T) {
	t.Parallel()
	data := xlsx(t,
		[]any{"账户明细"},
		[]any{"交易日期", "金额", "对方户名", "摘要", "流水号"},
		[]any{time.Date(2019, 9, 23, 0, 0, 0, 0, time.UTC), 5000, "甲公司", "会费", "X1"},
		[]any{"2019-09-24", 480.1, "乙", "会费", 12345678},
		[]any{45000.0 / 7, "", "", "", ""}, // not a date and no amount: refused below
	)
	_, _, err := statement.New().Parse(ctx, "a.xlsx", data)
	requireInvalid(t, err, "statement_row_invalid", "第5行")

	data = xlsx(t,
		[]any{"交易日期", "金额", "对方户名", "摘要", "流水号"},
		[]any{time.Date(2019, 9, 23, 0, 0, 0, 0, time.UTC), 5000, "甲公司", "会费", "X1"},
		[]any{"2019-09-24", 480.1, "乙", "会费", 12345678},
	)
	format, lines := parse(t, "a.xlsx", data)
	assert.Equal(t, "xlsx", format)
	require.Len(t, lines, 2)
	assert.Equal(t, day("2019-09-23"), lines[0].Date)
	assert.Equal(t, int64(500000), lines[0].AmountFen)
	assert.Equal(t, int64(48010), lines[1].AmountFen, "binary floats are rounded to fen")
	assert.Equal(t, "12345678", lines[1].BankRef)
	assert.Equal(t, 3, lines[1].Row)
}

func TestMalformedStatements(t *testing.T) {
	t.Parallel()
	p := statement.New()
	cases := []struct {
		name, file string
		data       []byte
		code, says string
	}{
		{"empty", "a.csv", nil, "file_required", ""},
		{"old excel", "a.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "statement_format", ".xls"},
		{"not a zip", "a.xlsx", []byte("PK\x03\x04garbage"), "statement_format", ".xlsx"},
		{"xlsx named but text", "a.xlsx", []byte("交易日期,金额\n"), "statement_format", ".xlsx"},
		{"no header", "a.csv", []byte("a,b,c\n1,2,3\n"), "statement_header", "交易日期"},
		{"no payer or remark", "a.csv", []byte("交易日期,金额\n2019-09-23,1\n"), "statement_header", "对方户名"},
		{"bad date", "a.csv", []byte("交易日期,金额,摘要\n2019-02-30,1,x\n"), "statement_row_invalid", "第2行"},
		{"bad amount", "a.csv", []byte("交易日期,金额,摘要\n2019-02-03,1.234,x\n"), "statement_row_invalid", "1.234"},
		{"text amount", "a.csv", []byte("交易日期,金额,摘要\n2019-02-03,五千,x\n"), "statement_row_invalid", "五千"},
		{"no amount", "a.csv", []byte("交易日期,金额,摘要\n2019-02-03,,x\n"), "statement_row_invalid", "缺少金额"},
		{"no date", "a.csv", []byte("交易日期,金额,摘要\n,5,x\n"), "statement_row_invalid", "缺少交易日期"},
		{"bad direction", "a.csv", []byte("交易日期,金额,摘要,借贷标志\n2019-02-03,5,x,?\n"), "statement_row_invalid", "借贷标志"},
		{"binary", "a.csv", []byte("\x00\x01\x02\xff\xfe"), "statement_format", "CSV"},
		{"huge amount", "a.csv", []byte("交易日期,金额,摘要\n2019-02-03,99999999999999,x\n"), "statement_row_invalid", "过大"},
	}
	for _, tc := range cases {
		_, lines, err := p.Parse(ctx, tc.file, tc.data)
		assert.Nil(t, lines, tc.name)
		if assert.Error(t, err, tc.name) {
			e := apperr.As(err)
			assert.Equal(t, apperr.KindInvalid, e.Kind, tc.name)
			if assert.Len(t, e.Fields, 1, tc.name) {
				assert.Equal(t, tc.code, e.Fields[0].Code, tc.name)
				assert.Contains(t, e.Fields[0].Message, tc.says, tc.name)
			}
		}
	}
	long := strings.Repeat("2019-09-23,1,x\n", statement.MaxLines+1)
	_, _, err := p.Parse(ctx, "a.csv", []byte("交易日期,金额,摘要\n"+long))
	requireInvalid(t, err, "statement_too_long", "最多")
}
