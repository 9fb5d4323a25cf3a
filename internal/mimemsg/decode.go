package mimemsg

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"

	"github.com/openassoc/membership/ports"
)

// Decode parses a message as Compose renders it and returns its recipients
// (addresses only), decoded subject, plain-text and HTML bodies. Tests use it to
// read what was sent, e.g. to follow a password-reset link.
func Decode(r io.Reader) (ports.Message, error) {
	raw, err := netmail.ReadMessage(r)
	if err != nil {
		return ports.Message{}, fmt.Errorf("mail: %w", err)
	}
	var msg ports.Message
	to, err := raw.Header.AddressList("To")
	if err != nil {
		return ports.Message{}, fmt.Errorf("mail: To: %w", err)
	}
	for _, a := range to {
		msg.To = append(msg.To, a.Address)
	}
	var dec mime.WordDecoder
	if msg.Subject, err = dec.DecodeHeader(raw.Header.Get("Subject")); err != nil {
		return ports.Message{}, fmt.Errorf("mail: Subject: %w", err)
	}
	err = decodePart(raw.Header, raw.Body, &msg)
	return msg, err
}

// header is what decodePart needs of a net/mail or a multipart header.
type header interface{ Get(string) string }

// decodePart stores a text/plain or text/html body into msg, descending into
// multipart bodies.
func decodePart(h header, body io.Reader, msg *ports.Message) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("mail: Content-Type: %w", err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mail: multipart: %w", err)
			}
			if err := decodePart(p.Header, p, msg); err != nil {
				return err
			}
		}
	}
	if disp, dparams, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && disp == "attachment" {
		data, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
		if err != nil {
			return err
		}
		name, _ := new(mime.WordDecoder).DecodeHeader(dparams["filename"])
		msg.Attachments = append(msg.Attachments, ports.Attachment{Name: name, ContentType: mediaType,
			Data: []byte(data)})
		return nil
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("mail: unsupported charset %q", cs)
	}
	text, err := decodeBody(h.Get("Content-Transfer-Encoding"), body)
	if err != nil {
		return err
	}
	switch mediaType {
	case "text/plain":
		msg.Text = text
	case "text/html":
		msg.HTML = text
	}
	return nil
}

// decodeBody undoes a Content-Transfer-Encoding.
func decodeBody(cte string, body io.Reader) (string, error) {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // skips CR and LF
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "", "7bit", "8bit", "binary":
	default:
		return "", fmt.Errorf("mail: unsupported transfer encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return "", fmt.Errorf("mail: body: %w", err)
	}
	return string(b), nil
}
