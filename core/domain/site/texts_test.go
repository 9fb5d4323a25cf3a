package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openassoc/membership/core/apperr"
)

func TestParseTexts(t *testing.T) {
	var v apperr.Validation
	got := ParseTexts("en", "会员管理 = Membership\r\n\n  退出 =  Sign out \n键 = 值 = 含等号\n", &v)
	if err := v.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"会员管理": "Membership", "退出": "Sign out", "键": "值 = 含等号"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	var ok apperr.Validation
	var many strings.Builder
	for i := range MaxTextLines {
		fmt.Fprintf(&many, "键%d = text\n", i)
	}
	if ParseTexts("en", many.String(), &ok); ok.Err() != nil {
		t.Errorf("%d lines ending with a newline refused: %v", MaxTextLines, ok.Err())
	}
	if back := FormatTexts(got); back != "会员管理 = Membership\n退出 = Sign out\n键 = 值 = 含等号\n" {
		t.Errorf("FormatTexts = %q", back)
	}
	for text, msg := range map[string]string{
		"会员管理=会籍管理":                           "第 1 行应为",
		"a = b\n = c":                         "第 2 行缺少原文",
		"a = b\na =  ":                        "第 2 行缺少替换文字",
		"a = b\na = c":                        "第 2 行的原文与第 1 行重复",
		strings.Repeat("a\n", MaxTextLines+1): "不能超过 500 行",
	} {
		var v apperr.Validation
		if got := ParseTexts("zh-CN", text, &v); got != nil {
			t.Errorf("%q accepted: %v", text, got)
		}
		e := apperr.As(v.Err())
		if len(e.Fields) != 1 || e.Fields[0].Field != "texts_zh" || !strings.Contains(e.Fields[0].Message, msg) {
			t.Errorf("%q: %+v, want %q", text, e.Fields, msg)
		}
	}
}
