package payment_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/domain/payment"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestKeys(t *testing.T) {
	t.Parallel()
	l := payment.Line{Date: day("2019-09-23"), AmountFen: 500000, PayerName: "甲公司", Remark: "会费"}
	keys := payment.Keys([]payment.Line{
		{BankRef: " B 1"}, l, l, {Date: l.Date, AmountFen: 500000, PayerName: "甲 公司", Remark: "会费"},
		{Date: l.Date, AmountFen: 480000, PayerName: "甲公司", Remark: "会费"}})
	assert.Equal(t, "ref:B1", keys[0])
	assert.NotEqual(t, keys[1], keys[2], "two identical lines of one file are two lines")
	assert.Equal(t, keys[1][:len(keys[1])-2], keys[2][:len(keys[2])-2])
	assert.NotEqual(t, keys[2], keys[3])
	assert.Equal(t, keys[1], payment.Keys([]payment.Line{{Date: l.Date, AmountFen: 500000, PayerName: "甲 公司",
		Remark: "会费"}})[0], "white space in the payer's name does not matter")
	assert.NotEqual(t, keys[1], keys[4])
	again := payment.Keys([]payment.Line{{BankRef: "B1"}, l, l})
	assert.Equal(t, keys[:3], again, "the same file gives the same keys")
}

func TestMatchLines(t *testing.T) {
	t.Parallel()
	a := payment.Candidate{MemberID: "a", Kind: member.Enterprise, Name: "甲公司", Reference: payment.ReferenceCode("a", 0),
		Purpose: payment.PurposeJoin, DueFen: 500000}
	b := payment.Candidate{MemberID: "b", Kind: member.Enterprise, Name: "乙（北京）公司", Reference: payment.ReferenceCode("b", 0),
		Purpose: payment.PurposeJoin, DueFen: 500000}
	c := payment.Candidate{MemberID: "c", Kind: member.Individual, Name: "张三", Reference: payment.ReferenceCode("c", 0),
		Purpose: payment.PurposeJoin, DueFen: 48000}
	c2 := payment.Candidate{MemberID: "c2", Kind: member.Individual, Name: "张三", Reference: payment.ReferenceCode("c2", 0),
		Purpose: payment.PurposeRenewal, DueFen: 48000}
	paid := payment.Candidate{MemberID: "p", Kind: member.Enterprise, Name: "已缴公司", Reference: payment.ReferenceCode("p", 0)}
	dir := payment.Directory{ByReference: map[string]payment.Candidate{}, ByName: map[string][]payment.Candidate{}}
	for _, x := range []payment.Candidate{a, b, c, c2, paid} {
		dir.ByReference[x.Reference] = x
		dir.ByName[payment.MatchName(x.Name)] = append(dir.ByName[payment.MatchName(x.Name)], x)
	}
	lines := []payment.Line{
		{Row: 2, AmountFen: 500000, PayerName: "别人代付", Remark: "会费 " + a.Reference},       // reference
		{Row: 3, AmountFen: 500000, PayerName: "乙(北京)公司", Remark: "会费"},                   // name + amount
		{Row: 4, AmountFen: 48000, PayerName: "张三", Remark: "会费"},                         // two 张三 owe ¥480
		{Row: 5, AmountFen: 500000, Remark: a.Reference + " " + b.Reference},              // two codes
		{Row: 6, AmountFen: 400000, Remark: c.Reference},                                  // wrong amount
		{Row: 7, AmountFen: 500000, Remark: paid.Reference},                               // owes nothing
		{Row: 8, AmountFen: 500000, PayerName: "甲公司"},                                     // a again
		{Row: 9, AmountFen: 300000, PayerName: "甲公司"},                                     // name, wrong amount
		{Row: 10, AmountFen: 100, PayerName: "谁也不是"},                                      // nobody
		{Row: 11, AmountFen: -1500, Remark: "手续费 " + a.Reference},                         // debit
		{Row: 12, AmountFen: 500000, Remark: "HF" + a.Reference[2:6] + "ZZ unknown code"}, // no such code
	}
	got := payment.MatchLines(lines, dir)
	kinds := make([]payment.MatchKind, len(got))
	for i, p := range got {
		kinds[i] = p.Kind
		assert.NotEmpty(t, p.Message, lines[i].Row)
	}
	assert.Equal(t, []payment.MatchKind{payment.MatchReference, payment.MatchNameAmount, payment.MatchAmbiguous,
		payment.MatchAmbiguous, payment.MatchAmountMismatch, payment.MatchNothingDue, payment.MatchTwice,
		payment.MatchAmountMismatch, payment.MatchNone, payment.MatchDebit, payment.MatchNone}, kinds)
	assert.Equal(t, "a", got[0].MemberID)
	assert.Equal(t, "b", got[1].MemberID)
	assert.ElementsMatch(t, []string{"c", "c2"}, got[2].Candidates)
	assert.ElementsMatch(t, []string{"a", "b"}, got[3].Candidates)
	assert.Contains(t, got[4].Message, "应缴¥480，到账¥4000")
	assert.Contains(t, got[6].Message, "第2行")
	for i, p := range got {
		assert.Equal(t, p.Kind.Confirmable(), payment.StatusFor(p) == payment.LineMatched, i)
	}
	assert.Equal(t, payment.LineIgnored, payment.StatusFor(got[9]))
}
