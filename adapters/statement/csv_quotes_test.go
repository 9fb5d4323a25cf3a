package statement_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/adapters/statement"
)

// TestCSVStrayQuoteIsReported (issue 9, finding 12): a quote that opens a field
// and is never closed properly used to swallow the lines up to the next quote
// silently (lazy quotes): three transfers became one. The row is reported, and
// nothing is imported.
func TestCSVStrayQuoteIsReported(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, csv, says string
	}{
		{"a quoted field that does not end", "交易日期,摘要,对方户名,金额,流水号\n" +
			"2019-09-23,\"会费 HF7KX3MQ,甲公司,480,A1\n" +
			"2019-09-24,会费,乙公司,480,A2\n" +
			"2019-09-25,\"会费\",丙公司,480,A3\n", "第2行"},
		{"a quote inside an unquoted field", "交易日期,摘要,对方户名,金额,流水号\n" +
			"2019-09-23,会费,甲公司,480,A1\n" +
			"2019-09-24,会费\"HF7KX3MQ,乙公司,480,A2\n", "第3行"},
		{"a quote left open at the end", "交易日期,摘要,对方户名,金额,流水号\n" +
			"2019-09-23,会费,甲公司,480,A1\n" +
			"2019-09-24,\"会费,乙公司,480,A2\n" +
			"2019-09-25,会费,丙公司,480,A3\n", "第3行"},
	}
	for _, tc := range cases {
		_, lines, err := statement.New().Parse(ctx, "a.csv", []byte(tc.csv))
		assert.Nil(t, lines, tc.name)
		requireInvalid(t, err, "statement_row_invalid", tc.says)
		requireInvalid(t, err, "statement_row_invalid", "引号")
	}
	// Quotes written as CSV wants them are fine.
	_, lines := parse(t, "a.csv", []byte("交易日期,摘要,对方户名,金额,流水号\n"+
		"2019-09-23,\"会费 \"\"HF7KX3MQ\"\"\",\"甲公司, 北京\",480,A1\n"))
	if assert.Len(t, lines, 1) {
		assert.Equal(t, `会费 "HF7KX3MQ"`, lines[0].Remark)
		assert.Equal(t, "甲公司, 北京", lines[0].PayerName)
	}
}
