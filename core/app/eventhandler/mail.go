package eventhandler

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/openassoc/membership/core/domain/event"
	"github.com/openassoc/membership/core/domain/member"
	"github.com/openassoc/membership/core/i18n"
	"github.com/openassoc/membership/ports"
)

// mailFiles are the email texts: mailtext/*.tmpl in zh-CN, mailtext/en/*.tmpl
// the same texts in English. The variable is what go:embed needs; it is
// read-only.
//
//go:embed mailtext/*.tmpl mailtext/en/*.tmpl
var mailFiles embed.FS

// mailTexts are the parsed email texts by name (the file name without .tmpl).
type mailTexts map[string]*template.Template

// parseMailTexts parses the zh-CN texts (mailtext/*.tmpl).
func parseMailTexts() (mailTexts, error) { return parseMailTextsIn(mailDir(i18n.Chinese)) }

// parseMailTextsIn parses every file in dir. Each must define "subject" and
// "body"; executing them fails on a key the data lacks.
func parseMailTextsIn(dir string) (mailTexts, error) {
	files, err := fs.Glob(mailFiles, dir+"/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("email texts: %w", err)
	}
	texts := mailTexts{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".tmpl")
		t, err := template.New(name).Option("missingkey=error").Funcs(mailFuncs()).ParseFS(mailFiles, f)
		if err != nil {
			return nil, fmt.Errorf("email text %s: %w", name, err)
		}
		for _, part := range []string{"subject", "body"} {
			if t.Lookup(part) == nil {
				return nil, fmt.Errorf("email text %s: no %q template", name, part)
			}
		}
		texts[name] = t
	}
	return texts, nil
}

// render executes the subject and body of the text name with data.
func (ts mailTexts) render(name string, data map[string]any) (subject, body string, err error) {
	t, ok := ts[name]
	if !ok {
		return "", "", fmt.Errorf("no email text %q", name)
	}
	var s, b strings.Builder
	if err := t.ExecuteTemplate(&s, "subject", data); err != nil {
		return "", "", fmt.Errorf("email text %s: %w", name, err)
	}
	if err := t.ExecuteTemplate(&b, "body", data); err != nil {
		return "", "", fmt.Errorf("email text %s: %w", name, err)
	}
	return s.String(), b.String(), nil
}

// email is what a mail reaction sends for one event: the text (a file in
// mailtext, without .tmpl), the event's member (the recipient, and the
// occurrence) and the data the text needs beyond the keys every email gets.
type email struct {
	text string
	to   member.Base
	data map[string]any
	// cc are further recipients beside the member (empty ones and the
	// member's own address are left out): the council's 联系人信息.
	cc []string
}

// mailOn is the handler named name that emails, once per event (see once), what
// compose makes of each E.
func mailOn[E event.Event](r *reactions, name string, compose func(E) email) Handler {
	return On(name, func(ctx context.Context, ev E) error {
		m := compose(ev)
		key := eventKey(ev.EventName(), m.to)
		return once(ctx, r.deps.HandledEvents, name, key, m.to.At, func() error {
			return r.send(ctx, name, key, m)
		})
	})
}

// send renders m and hands it to the mailer (in the module, the durable mail
// queue: it stores the message and returns at once) under the key
// "handler:event key". A message that can never be delivered is logged and
// dropped (retrying would block the events behind it forever); every other
// error is returned so the bus retries.
func (r *reactions) send(ctx context.Context, handler, key string, m email) error {
	data := map[string]any{
		"Name":        m.to.Name,
		"Association": r.site.AssociationName,
		"Portal":      r.site.link("/member"),
		"FeesPage":    r.site.link("/member/fees"),
	}
	maps.Copy(data, m.data)
	locale, err := r.localeOf(ctx, m.to.MemberID)
	if err != nil {
		return fmt.Errorf("%s: %w", handler, err)
	}
	subject, body, err := r.texts.render(locale, m.text, data)
	if err != nil {
		return fmt.Errorf("%s: %w", handler, err)
	}
	msg := ports.Message{To: recipients(m), Subject: subject, Text: body, Key: handler + ":" + key,
		Locale: locale}
	err = r.deps.Mailer.Send(ctx, msg)
	if errors.Is(err, ports.ErrUndeliverable) {
		r.site.logger().Error("email can never be delivered; dropped", "handler", handler, "to", msg.To, "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", handler, err)
	}
	return nil
}

// recipients is the member's address and the distinct further ones of m.cc.
func recipients(m email) []string {
	to := []string{m.to.Email}
	for _, a := range m.cc {
		if a != "" && !slices.Contains(to, a) {
			to = append(to, a)
		}
	}
	return to
}
