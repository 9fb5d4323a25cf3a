// Package htmlmail gives every outgoing email an HTML alternative: the plain
// text (always sent) laid out in an embedded template with the association's
// logo and name in the header and its footer (address, phone, email, ICP备案号)
// underneath. Links in the text become links; relative ones are made
// absolute against the site's address.
package htmlmail

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/openassoc/membership/ports"
)

//go:embed templates/*.html
var templateFS embed.FS

// Branding is what an email shows of the association.
type Branding struct {
	Name    string
	Primary string // the header's colour, #rrggbb ("" for the default)
	LogoURL string // absolute, "" for none
	Address string
	Phone   string
	Email   string
	ICP     string
	PSB     string
}

// Mailer wraps another mailer: messages without HTML get one.
type Mailer struct {
	next  ports.Mailer
	base  string
	brand func(context.Context) (Branding, error)
	tpl   *template.Template
}

var _ ports.Mailer = (*Mailer)(nil)

// New wraps next; base is the site's absolute address (links), brand reads the
// branding in force for each message.
func New(next ports.Mailer, base string, brand func(context.Context) (Branding, error)) (*Mailer, error) {
	tpl, err := template.ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("htmlmail: parse templates: %w", err)
	}
	return &Mailer{next: next, base: strings.TrimRight(base, "/"), brand: brand, tpl: tpl}, nil
}

// Send adds the HTML alternative (unless the message has one) and passes the
// message on.
func (m *Mailer) Send(ctx context.Context, msg ports.Message) error {
	if msg.HTML == "" && msg.Text != "" {
		html, err := m.Render(ctx, msg)
		if err != nil {
			return err
		}
		msg.HTML = html
	}
	return m.next.Send(ctx, msg)
}

// view is the template's data.
type view struct {
	Subject    string
	Brand      Branding
	Paragraphs [][]template.HTML // paragraphs of lines
	SiteURL    string
	Words      words // the frame's wording, in the message's language
}

// Render returns the HTML body of a message.
func (m *Mailer) Render(ctx context.Context, msg ports.Message) (string, error) {
	b, err := m.brand(ctx)
	if err != nil {
		return "", fmt.Errorf("htmlmail: branding: %w", err)
	}
	if b.Primary == "" {
		b.Primary = "#0b4ea2"
	}
	v := view{Subject: msg.Subject, Brand: b, SiteURL: m.base, Words: wordsFor(msg.Locale)}
	for _, para := range strings.Split(strings.ReplaceAll(msg.Text, "\r\n", "\n"), "\n\n") {
		var lines []template.HTML
		for _, line := range strings.Split(strings.TrimSpace(para), "\n") {
			lines = append(lines, m.linkify(line))
		}
		if len(lines) > 0 && lines[0] != "" {
			v.Paragraphs = append(v.Paragraphs, lines)
		}
	}
	var buf bytes.Buffer
	if err := m.tpl.ExecuteTemplate(&buf, "mail.html", v); err != nil {
		return "", fmt.Errorf("htmlmail: render: %w", err)
	}
	return buf.String(), nil
}

var link = regexp.MustCompile(`https?://[^\s<>"'，。；）]+|(?:^|\s)(/[A-Za-z0-9/_\-.?=&%]+)`)

// linkify escapes a line of text and makes its addresses links (relative ones
// absolute).
func (m *Mailer) linkify(line string) template.HTML {
	var out strings.Builder
	last := 0
	for _, loc := range link.FindAllStringSubmatchIndex(line, -1) {
		start, end := loc[0], loc[1]
		if loc[2] >= 0 { // a relative path after a space
			start = loc[2]
		}
		out.WriteString(template.HTMLEscapeString(line[last:start]))
		href := line[start:end]
		if strings.HasPrefix(href, "/") {
			href = m.base + href
		}
		fmt.Fprintf(&out, `<a href="%s">%s</a>`, template.HTMLEscapeString(href),
			template.HTMLEscapeString(line[start:end]))
		last = end
	}
	out.WriteString(template.HTMLEscapeString(line[last:]))
	return template.HTML(out.String()) //nolint:gosec // every part is escaped above
}

// SenderName wraps the mailer that sends: each message leaves with the
// sender's display name in force (网站设置's 发件人名称), unless it names one.
type SenderName struct {
	next ports.Mailer
	name func(context.Context) (string, error)
}

var _ ports.Mailer = (*SenderName)(nil)

// NewSenderName wraps next; name reads the display name ("" for none).
func NewSenderName(next ports.Mailer, name func(context.Context) (string, error)) *SenderName {
	return &SenderName{next: next, name: name}
}

// Send sets the display name and passes the message on.
func (s *SenderName) Send(ctx context.Context, msg ports.Message) error {
	if msg.FromName == "" {
		n, err := s.name(ctx)
		if err != nil {
			return fmt.Errorf("htmlmail: sender name: %w", err)
		}
		msg.FromName = n
	}
	return s.next.Send(ctx, msg)
}
