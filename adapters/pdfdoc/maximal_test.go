package pdfdoc

import (
	"context"
	"strings"
	"testing"

	"github.com/openassoc/membership/ports"
)

// maxText is n characters of Chinese text with a few digits and Latin words,
// with no line breaks, so that it wraps only at the cell's edge.
func maxText(n int) string {
	const unit = "中国质量协会会员单位ISO9001质量管理体系认证2019年度"
	s := []rune(strings.Repeat(unit, n/len([]rune(unit))+1))
	return string(s[:n])
}

// maximalForm is the enterprise application form as the application query
// prints it, every field filled to its longest allowed length (the domain's
// Max…Len limits: names 100, address 200, titles and departments 50, phones
// 30, email 254, 单位简介 2000).
func maximalForm() ports.FormDocument {
	row := func(label string, n int) ports.FormRow { return ports.FormRow{Label: label, Value: maxText(n)} }
	return ports.FormDocument{
		Title:    "中国质量协会单位会员入会申请表",
		Subtitle: maxText(100),
		Sections: []ports.FormSection{
			{Title: "企业信息", Rows: []ports.FormRow{row("单位名称", 100), row("统一社会信用代码", 18),
				row("单位性质", 10), row("所属行业", 30), row("所在省份", 8), row("通讯地址", 200),
				row("邮政编码", 6), row("员工人数", 12)}},
			{Title: "法定代表人", Rows: []ports.FormRow{row("姓名", 30), row("职务", 50)}},
			{Title: "第一联系人", Rows: []ports.FormRow{row("姓名", 30), row("部门", 50), row("职务", 50),
				row("电话", 30), row("手机", 30), {Label: "邮箱", Value: strings.Repeat("a", 242) + "@example.com"}}},
			{Title: "单位简介", Rows: []ports.FormRow{{Value: maxText(2000), Wide: true}}},
			{Title: "填表信息", Rows: []ports.FormRow{row("填表人", 30), {Label: "填表日期", Value: "2019年09月21日"}}},
		},
		Signatures: []string{"单位盖章：", "法定代表人签字：", "日期：　　　　年　　月　　日"},
		Footer:     "中国质量协会 · 请打印后签字盖章，扫描或拍照上传至会员系统",
	}
}

// TestRenderFormMaximalOnePage: the longest form the application allows is
// printed on one A4 page with the stamp and signature box on it, 单位简介
// once, every value complete.
func TestRenderFormMaximalOnePage(t *testing.T) {
	r := newRenderer(t)
	doc := maximalForm()
	{
		d := cleanDoc(doc)
		l := layout(newPen(r.newPDF(d), r), d)
		t.Logf("height at scale 1: %.1f mm, body %.1f mm", total(l.blocks), l.bottom-topFirst)
	}
	out, err := r.RenderForm(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := pdfInfo(t, out)["Pages"]; got != "1" {
		t.Fatalf("pdfinfo Pages = %s, want 1", got)
	}
	text := squeeze(poppler(t, "pdftotext", out, "-raw", "-enc", "UTF-8"))
	for want, count := range map[string]int{"单位盖章：": 1, "法定代表人签字：": 1, "单位简介": 1,
		"2019年09月21日": 1, squeeze(pageNumber(1, 1)): 1} {
		if got := strings.Count(text, squeeze(want)); got != count {
			t.Errorf("%q appears %d times, want %d", want, got, count)
		}
	}
	for _, want := range formTexts(doc) {
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("extracted text lacks %.40q…", want)
		}
	}
}
