package pinyinkey

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// FullPinyin returns the full pinyin of a person's name, as a legacy member's
// initial password is derived from it (the login page's 「初始密码为企业第一
// 联系人姓名的全拼」): each Han character's common reading, lower case, without
// tones, spaces or separators (张三 → zhangsan); ASCII letters and digits are
// kept lower-cased (a name written in Latin letters, "Li Lei" → lilei), the
// rest (spaces, 间隔号 ·, punctuation) dropped. ok is false when no password
// can be derived: the name is empty, or it holds a character that is neither
// ASCII nor a Han character with a reading (the import then refuses the row
// rather than guess).
func FullPinyin(name string) (out string, ok bool) {
	args := pinyin.NewArgs()
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			ps := pinyin.SinglePinyin(r, args)
			if len(ps) == 0 || ps[0] == "" {
				return "", false
			}
			b.WriteString(ps[0])
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || r == '·' || r == '•' || r == '.' || r == '-':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}
