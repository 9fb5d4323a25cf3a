package payment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/payment"
)

// A line with the bank reference of an earlier line of the file repeats it;
// identical lines without a reference are numbered apart by Keys and are not
// repeats (two equal transfers on one day may both be real).
func TestFirstOccurrences(t *testing.T) {
	d := day("2019-09-23")
	lines := []payment.Line{
		{Row: 2, Date: d, AmountFen: 48000, PayerName: "甲", BankRef: "B1"},
		{Row: 3, Date: d, AmountFen: 100, PayerName: "乙"},
		{Row: 4, Date: d, AmountFen: 48000, PayerName: "甲", BankRef: "B1"},
		{Row: 5, Date: d, AmountFen: 100, PayerName: "乙"},
		{Row: 6, Date: d, AmountFen: 48000, PayerName: "甲", BankRef: " B 1 "},
	}
	keys := payment.Keys(lines)
	firsts, firstKeys, repeats := payment.FirstOccurrences(lines, keys)
	assert.Equal(t, []payment.Line{lines[0], lines[1], lines[3]}, firsts)
	assert.Equal(t, []string{keys[0], keys[1], keys[3]}, firstKeys)
	assert.Equal(t, []payment.Repeat{{Row: 4, FirstRow: 2}, {Row: 6, FirstRow: 2}}, repeats)
}
