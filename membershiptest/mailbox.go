package membershiptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Mail is one message read back from the mail folder.
type Mail struct {
	File    string
	From    string
	To      []string
	Subject string
	Text    string
	HTML    string
}

// Mailbox reads the .eml files the embedded default mailer wrote.
type Mailbox struct {
	Dir string

	activity *activity // the module's mail queue reports each sending (nil: WaitFor polls)
}

// Messages returns every message in the folder, oldest first.
func (b *Mailbox) Messages() ([]Mail, error) {
	files, err := filepath.Glob(filepath.Join(b.Dir, "*.eml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	out := make([]Mail, 0, len(files))
	for _, f := range files {
		m, err := ReadEML(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// To returns the messages sent to an address.
func (b *Mailbox) To(addr string) ([]Mail, error) {
	all, err := b.Messages()
	if err != nil {
		return nil, err
	}
	var out []Mail
	for _, m := range all {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				out = append(out, m)
			}
		}
	}
	return out, nil
}

// WaitFor waits until a message to addr whose subject contains subject arrives
// (events are delivered asynchronously) and returns it. The Mailbox of an Env
// looks again each time the module's mail queue (or event bus) reports progress;
// one made by hand polls the folder.
func (b *Mailbox) WaitFor(tb testing.TB, addr, subject string, timeout time.Duration) Mail {
	tb.Helper()
	var (
		found Mail
		have  int
	)
	ok := await(b.activity, timeout, func() bool {
		ms, err := b.To(addr)
		if err != nil {
			tb.Fatalf("read mailbox: %v", err)
		}
		have = len(ms)
		for _, m := range ms {
			if strings.Contains(m.Subject, subject) {
				found = m
				return true
			}
		}
		return false
	})
	if !ok {
		tb.Fatalf("no mail to %s with subject containing %q within %s (have %d)", addr, subject, timeout, have)
	}
	return found
}

// ReadEML parses an .eml file, decoding the subject and the text and HTML bodies.
func ReadEML(path string) (Mail, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Mail{}, err
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Mail{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Mail{}, err
	}
	out := Mail{File: path, Subject: subject, From: msg.Header.Get("From")}
	if list, err := msg.Header.AddressList("To"); err == nil {
		for _, a := range list {
			out.To = append(out.To, a.Address)
		}
	}
	err = readPart(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &out)
	return out, err
}

func readPart(contentType, encoding string, body io.Reader, out *Mail) error {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = "text/plain"
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := readPart(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, out); err != nil {
				return err
			}
		}
	}
	r := io.Reader(body)
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{body})
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		out.Text += string(b)
	case "text/html":
		out.HTML += string(b)
	}
	return nil
}

// newlineStripper drops CR and LF so wrapped base64 decodes.
type newlineStripper struct{ r io.Reader }

func (n newlineStripper) Read(p []byte) (int, error) {
	buf := make([]byte, len(p))
	m, err := n.r.Read(buf)
	j := 0
	for _, c := range buf[:m] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	if j == 0 && err == nil && m > 0 {
		return n.Read(p)
	}
	return j, err
}
