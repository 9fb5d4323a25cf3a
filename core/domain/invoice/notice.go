package invoice

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// Notice is the staff-editable notice at the top of 申请发票: a title and its
// paragraphs. In the title, {年份} stands for the fee year.
type Notice struct {
	Title string `json:"title"`
	Body  string `json:"body"` // paragraphs separated by blank or single lines
}

// NoticeYearMark stands for the fee year in a notice's title.
const NoticeYearMark = "{年份}"

// DefaultNotice is the manual's notice of association assoc.
func DefaultNotice(assoc string) Notice {
	return Notice{Title: fmt.Sprintf("关于%s会员缴纳%s年会费通知的补充说明", assoc, NoticeYearMark),
		Body: "各单位会员：\n" +
			fmt.Sprintf("为保证更加规范的财务制度，会员单位在缴纳会费过程中如需向%s借发票，请依照以下对应格式填写申请，并上传：\n", assoc) +
			"如需申请缴费发票，请在下方「已缴会费开票」中填写申请开票企业名称（即发票抬头）后提交；财务开具后电子发票将发送到您填写的邮箱，也可在本页下载。"}
}

// Normalize trims the notice and its lines.
func (n Notice) Normalize() Notice {
	n.Title = strings.TrimSpace(n.Title)
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(n.Body, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	n.Body = strings.Join(lines, "\n")
	return n
}

// Validate checks a normalized notice: a title of 2–100 characters, a body
// of at most 2000.
func (n Notice) Validate() error {
	var v apperr.Validation
	switch c := utf8.RuneCountInString(n.Title); {
	case c == 0:
		v.Add("title", "required", "请填写说明的标题")
	case c < 2 || c > 100:
		v.Add("title", "length", "标题应为2至100个字符")
	}
	switch c := utf8.RuneCountInString(n.Body); {
	case c == 0:
		v.Add("body", "required", "请填写说明的正文")
	case c > 2000:
		v.Add("body", "too_long", "正文不能超过2000个字符")
	}
	return v.Err()
}

// TitleFor is the title with the fee year filled in.
func (n Notice) TitleFor(year int) string {
	return strings.ReplaceAll(n.Title, NoticeYearMark, strconv.Itoa(year))
}

// Paragraphs are the body's paragraphs.
func (n Notice) Paragraphs() []string { return strings.Split(n.Body, "\n") }
