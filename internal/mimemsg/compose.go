// Package mimemsg renders a ports.Message as an RFC 5322 / MIME email and reads
// one back. It is the one rendering the mail adapters share without importing
// each other: adapters/smtpmail sends what Compose renders and
// adapters/filemail writes it to disk, so a mail written to disk is
// byte-for-byte what would have been sent; Decode reads such a message back
// (filemail's reader, and the tests of both).
package mimemsg

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/openassoc/membership/ports"
)

// ErrInvalidMessage marks a message that can never be sent as it is (no
// recipient, a malformed address, no body, a malformed sender): retrying it is
// pointless, so a caller may give up on it instead of retrying.
var ErrInvalidMessage = fmt.Errorf("mail: invalid message: %w", ports.ErrUndeliverable)

// Compose renders msg as a go-mail message from the sender from, dated now:
// UTF-8, base64 bodies (compact for Chinese text), an RFC 2047 encoded subject,
// a multipart/alternative body when msg.HTML is set, and Date and Message-ID
// headers. Errors wrap ErrInvalidMessage.
func Compose(from string, msg ports.Message, now time.Time) (*mail.Msg, error) {
	sender, err := ParseAddress(from)
	if err != nil {
		return nil, err
	}
	if name := oneLine(msg.FromName); name != "" {
		sender = &netmail.Address{Name: name, Address: sender.Address}
	}
	if len(msg.To) == 0 {
		return nil, fmt.Errorf("%w: no recipient", ErrInvalidMessage)
	}
	if msg.Text == "" {
		return nil, fmt.Errorf("%w: no text body", ErrInvalidMessage)
	}
	to := make([]*netmail.Address, 0, len(msg.To))
	for _, s := range msg.To {
		a, err := ParseAddress(s)
		if err != nil {
			return nil, err
		}
		to = append(to, a)
	}
	m := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingB64),
		mail.WithNoDefaultUserAgent())
	m.FromMailAddress(sender)
	m.ToMailAddress(to...)
	m.Subject(oneLine(msg.Subject))
	m.SetDateWithValue(now)
	id, err := messageID(sender.Address, msg.Key)
	if err != nil {
		return nil, err
	}
	m.SetMessageIDWithValue(id)
	m.SetBodyString(mail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	}
	for _, a := range msg.Attachments {
		m.AttachReadSeeker(oneLine(a.Name), bytes.NewReader(a.Data),
			mail.WithFileContentType(mail.ContentType(a.ContentType)))
	}
	return m, nil
}

// ParseAddress parses one RFC 5322 address ("a@b.cn" or "名字 <a@b.cn>"); a
// malformed one is an error wrapping ErrInvalidMessage.
func ParseAddress(s string) (*netmail.Address, error) {
	a, err := netmail.ParseAddress(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w: address %q: %v", ErrInvalidMessage, s, err)
	}
	return a, nil
}

// oneLine folds line breaks and runs of white space into single spaces so that a
// subject cannot carry extra header lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// messageID returns the Message-ID (without angle brackets) in the domain of
// the sender: derived from the message's key when it has one, so that a message
// sent again after a crash (the mail queue sends at least once: a process killed
// between the server's acceptance and marking the message sent sends it again
// after the lease) carries the same Message-ID and receivers can drop the
// copy; random otherwise.
func messageID(sender, key string) (string, error) {
	domain := "localhost"
	if i := strings.LastIndexByte(sender, '@'); i >= 0 && i < len(sender)-1 {
		domain = sender[i+1:]
	}
	if key != "" {
		sum := sha256.Sum256([]byte("membership-mail\x00" + key))
		return hex.EncodeToString(sum[:16]) + "@" + domain, nil
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	return hex.EncodeToString(b[:]) + "@" + domain, nil
}
