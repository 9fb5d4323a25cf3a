// Package filemail is the embedded default ports.Mailer: instead of sending, it
// writes each message as an RFC 5322 .eml file into a directory, where a developer
// can open it in a mail client and tests can read it back (see Decode). The bytes
// are those adapters/smtpmail would send: both render with internal/mimemsg.
package filemail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/openassoc/membership/internal/mimemsg"
	"github.com/openassoc/membership/ports"
)

// ErrInvalidMessage marks a message that can never be sent as it is (no
// recipient, a malformed address, no body): Send refuses it with an error
// wrapping this one, which wraps ports.ErrUndeliverable.
var ErrInvalidMessage = mimemsg.ErrInvalidMessage

// DefaultFrom is the sender when New is given none.
const DefaultFrom = "noreply@localhost"

// Ext is the extension of the written files.
const Ext = ".eml"

// Mailer writes messages into a directory. It is safe for concurrent use, also by
// several processes sharing the directory.
type Mailer struct {
	dir   string
	from  string
	clock ports.Clock
}

var _ ports.Mailer = (*Mailer)(nil)

// Option configures a Mailer.
type Option func(*Mailer)

// WithClock sets the clock that dates messages and names files.
func WithClock(c ports.Clock) Option { return func(m *Mailer) { m.clock = c } }

// New returns a Mailer writing into dir, creating it if needed (0700: the
// messages carry reset links; the files are 0600), with the sender
// from ("addr@example.cn" or "中国质量协会 <addr@example.cn>"; empty means
// DefaultFrom).
func New(dir, from string, opts ...Option) (*Mailer, error) {
	if dir == "" {
		return nil, errors.New("filemail: directory is required")
	}
	if from == "" {
		from = DefaultFrom
	}
	m := &Mailer{dir: dir, from: from, clock: ports.SystemClock{}}
	for _, opt := range opts {
		opt(m)
	}
	if _, err := mimemsg.ParseAddress(m.from); err != nil {
		return nil, fmt.Errorf("filemail: from: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("filemail: %w", err)
	}
	return m, nil
}

// Dir returns the directory the messages are written to.
func (m *Mailer) Dir() string { return m.dir }

// Send writes msg as a new .eml file. The file appears complete or not at all: it
// is written under a temporary name and renamed. File names sort by time.
func (m *Mailer) Send(ctx context.Context, msg ports.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := m.clock.Now()
	out, err := mimemsg.Compose(m.from, msg, now)
	if err != nil {
		return fmt.Errorf("filemail: %w", err)
	}
	name, err := fileName(now)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(m.dir, ".sending-*.tmp")
	if err != nil {
		return fmt.Errorf("filemail: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := out.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("filemail: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("filemail: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("filemail: close: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(m.dir, name)); err != nil {
		return fmt.Errorf("filemail: %w", err)
	}
	return nil
}

// Files lists the paths of the written messages, oldest first.
func (m *Mailer) Files() ([]string, error) {
	entries, err := os.ReadDir(m.dir)
	if err != nil {
		return nil, fmt.Errorf("filemail: %w", err)
	}
	var paths []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), Ext) && !strings.HasPrefix(e.Name(), ".") {
			paths = append(paths, filepath.Join(m.dir, e.Name()))
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// fileName is the UTC time to the nanosecond, fixed width so that names sort by
// time, and 64 random bits so that names never collide.
func fileName(now time.Time) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("filemail: name: %w", err)
	}
	return now.UTC().Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(b[:]) + Ext, nil
}

// ReadFile decodes a written .eml file; see Decode.
func ReadFile(path string) (ports.Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return ports.Message{}, fmt.Errorf("filemail: %w", err)
	}
	defer f.Close()
	return Decode(f)
}

// Decode parses a message as Send writes it and returns its recipients
// (addresses only), decoded subject, plain-text and HTML bodies. Tests use it to
// read what was sent, e.g. to follow a password-reset link.
func Decode(r io.Reader) (ports.Message, error) {
	msg, err := mimemsg.Decode(r)
	if err != nil {
		return ports.Message{}, fmt.Errorf("filemail: %w", err)
	}
	return msg, nil
}
