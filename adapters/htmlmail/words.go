package htmlmail

import "github.com/openassoc/membership/core/i18n"

// words are the fixed wording of the HTML frame around a message's text: the
// footer's labels and notice, in the message's language (ports.Message.Locale).
type words struct {
	Lang    string // the html element's lang
	Address string // before the association's address
	Phone   string
	Email   string
	NoReply string // the footer's last line
}

// wordsFor is the frame's wording in locale: English for en, else zh-CN.
func wordsFor(locale string) words {
	if i18n.Match(locale, i18n.Locales) == i18n.English {
		return words{Lang: i18n.English, Address: "Address: ", Phone: "Tel: ", Email: "Email: ",
			NoReply: "This email was sent automatically. Please do not reply to it."}
	}
	return words{Lang: i18n.Chinese, Address: "地址：", Phone: "电话：", Email: "邮箱：",
		NoReply: "此邮件由系统自动发送，请勿直接回复。"}
}
