// Package site holds the association's branding and site settings: its name
// and short name, logo, colours, the footer (address, phone, email, ICP备案号
// and 公安备案号 with their links) and the mail sender's display name.
package site

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openassoc/membership/core/apperr"
)

// The manual's defaults.
const (
	DefaultPrimary = "#0b4ea2"
	DefaultAccent  = "#f08300"
	DefaultICPLink = "https://beian.miit.gov.cn/"
	DefaultPSBLink = "https://beian.mps.gov.cn/"
	// MaxLogoBytes bounds the logo upload.
	MaxLogoBytes = 2 << 20
)

// Logo is the uploaded logo (PNG or JPEG).
type Logo struct {
	Key         string `json:"key"`
	ContentType string `json:"content_type"`
	Version     string `json:"version"` // changes with each upload (cache busting)
}

// Settings are the site's branding and footer.
type Settings struct {
	Name         string    `json:"name"`       // 中国质量协会
	ShortName    string    `json:"short_name"` // 中质协 (the header's mark takes its first character)
	Logo         Logo      `json:"logo,omitzero"`
	Primary      string    `json:"primary"` // #0b4ea2
	Accent       string    `json:"accent"`  // #f08300
	Address      string    `json:"address,omitempty"`
	Phone        string    `json:"phone,omitempty"`
	Email        string    `json:"email,omitempty"`
	ICP          string    `json:"icp,omitempty"` // 京ICP备12345678号
	ICPLink      string    `json:"icp_link,omitempty"`
	PSB          string    `json:"psb,omitempty"` // 京公网安备 11010502030000号
	PSBLink      string    `json:"psb_link,omitempty"`
	MailFromName string    `json:"mail_from_name,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	UpdatedBy    string    `json:"updated_by,omitempty"`

	// Texts are the admin's 文字替换 (texts.go).
	Texts Texts `json:"texts,omitempty"`
}

// Defaults are the manual's settings for an association's name.
func Defaults(name string) Settings {
	return Settings{Name: name, Primary: DefaultPrimary, Accent: DefaultAccent, ICPLink: DefaultICPLink,
		PSBLink: DefaultPSBLink}
}

// WithDefaults fills the empty fields from d.
func (s Settings) WithDefaults(d Settings) Settings {
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&s.Name, d.Name)
	fill(&s.Primary, d.Primary)
	fill(&s.Accent, d.Accent)
	fill(&s.ICPLink, d.ICPLink)
	fill(&s.PSBLink, d.PSBLink)
	return s
}

// Mark is the header's square when there is no logo: the first character of
// the short name, else 会.
func (s Settings) Mark() string {
	if r, _ := utf8.DecodeRuneInString(s.ShortName); r != utf8.RuneError {
		return string(r)
	}
	return "会"
}

var colour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Normalize trims the fields.
func (s *Settings) Normalize() {
	for _, f := range []*string{&s.Name, &s.ShortName, &s.Primary, &s.Accent, &s.Address, &s.Phone, &s.Email,
		&s.ICP, &s.ICPLink, &s.PSB, &s.PSBLink, &s.MailFromName} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	s.Primary, s.Accent = strings.ToLower(s.Primary), strings.ToLower(s.Accent)
}

// Validate checks the fields, with a message per field.
func (s Settings) Validate() error {
	var v apperr.Validation
	length := func(field, label, val string, n int, required bool) {
		switch c := utf8.RuneCountInString(val); {
		case c == 0 && required:
			v.Add(field, "required", fmt.Sprintf("请输入%s", label))
		case c > n:
			v.Add(field, "too_long", fmt.Sprintf("%s不能超过%d个字", label, n))
		}
	}
	length("name", "协会名称", s.Name, 50, true)
	length("short_name", "简称", s.ShortName, 10, false)
	length("address", "地址", s.Address, 100, false)
	length("phone", "电话", s.Phone, 30, false)
	length("icp", "ICP备案号", s.ICP, 50, false)
	length("psb", "公安备案号", s.PSB, 50, false)
	length("mail_from_name", "发件人名称", s.MailFromName, 50, false)
	for _, c := range [][3]string{{"primary", "主色", s.Primary}, {"accent", "强调色", s.Accent}} {
		if !colour.MatchString(c[2]) {
			v.Add(c[0], "invalid", fmt.Sprintf("%s应为 #RRGGBB 格式的颜色，如 #0b4ea2", c[1]))
		}
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
			v.Add("email", "invalid", "请输入有效的电子邮箱")
		}
	}
	for _, l := range [][3]string{{"icp_link", "ICP备案链接", s.ICPLink}, {"psb_link", "公安备案链接", s.PSBLink}} {
		if u, err := url.Parse(l[2]); l[2] != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") ||
			u.Host == "") {
			v.Add(l[0], "invalid", fmt.Sprintf("%s应为 http:// 或 https:// 开头的网址", l[1]))
		}
	}
	return v.Err()
}
