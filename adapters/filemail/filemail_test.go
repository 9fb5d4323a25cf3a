package filemail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/filemail"
	"github.com/openassoc/membership/ports"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

var when = time.Date(2019, 9, 21, 10, 30, 0, 123456789, time.FixedZone("CST", 8*3600))

const (
	subject = "【中国质量协会】您的入会申请资料已通过审核，会员号：19141263"
	text    = "尊敬的会员：\n企业【测试号】的入会申请资料已通过, 会员号: 19141263\n重置链接 https://example.cn/reset?token=a=b&c=d\n"
	html    = "<p>尊敬的会员：</p><p>企业【测试号】的入会申请资料已通过</p>"
)

func newMailer(t *testing.T, opts ...filemail.Option) *filemail.Mailer {
	t.Helper()
	m, err := filemail.New(filepath.Join(t.TempDir(), "mail"), "", opts...)
	require.NoError(t, err)
	return m
}

func onlyFile(t *testing.T, m *filemail.Mailer) string {
	t.Helper()
	files, err := m.Files()
	require.NoError(t, err)
	require.Len(t, files, 1)
	entries, err := os.ReadDir(m.Dir())
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left behind")
	return files[0]
}

// TestWrittenFileIsProperMIME reads the file with the standard library only.
func TestWrittenFileIsProperMIME(t *testing.T) {
	t.Parallel()
	m, err := filemail.New(t.TempDir(), "中国质量协会 <noreply@caq.org.cn>", filemail.WithClock(fixedClock{when}))
	require.NoError(t, err)
	require.NoError(t, m.Send(context.Background(), ports.Message{
		To: []string{"member@example.cn", "张三 <zhangsan@example.cn>"}, Subject: subject, Text: text, HTML: html}))

	path := onlyFile(t, m)
	assert.Regexp(t, `^20190921T023000\.123456789Z-[0-9a-f]{16}\.eml$`, filepath.Base(path))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	for i, b := range raw {
		require.Less(t, b, byte(0x80), "byte %d is not 7-bit: the message must be MIME-encoded", i)
	}

	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	require.NoError(t, err)
	h := msg.Header
	assert.Contains(t, h.Get("Subject"), "=?UTF-8?", "subject is RFC 2047 encoded")
	var dec mime.WordDecoder
	gotSubject, err := dec.DecodeHeader(h.Get("Subject"))
	require.NoError(t, err)
	assert.Equal(t, subject, gotSubject)

	from, err := h.AddressList("From")
	require.NoError(t, err)
	assert.Equal(t, []*netmail.Address{{Name: "中国质量协会", Address: "noreply@caq.org.cn"}}, from)
	to, err := h.AddressList("To")
	require.NoError(t, err)
	require.Len(t, to, 2)
	assert.Equal(t, "member@example.cn", to[0].Address)
	assert.Equal(t, netmail.Address{Name: "张三", Address: "zhangsan@example.cn"}, *to[1])

	date, err := h.Date()
	require.NoError(t, err)
	assert.True(t, when.Truncate(time.Second).Equal(date), "Date %v", date)
	assert.Regexp(t, regexp.MustCompile(`^<[0-9a-f]{32}@caq\.org\.cn>$`), h.Get("Message-ID"))
	assert.Equal(t, "1.0", h.Get("MIME-Version"))

	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mediaType)
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		ct, cp, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		require.NoError(t, err)
		assert.Equal(t, "utf-8", strings.ToLower(cp["charset"]))
		require.Equal(t, "base64", p.Header.Get("Content-Transfer-Encoding"))
		body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		require.NoError(t, err)
		parts[ct] = string(body)
	}
	assert.Equal(t, map[string]string{"text/plain": text, "text/html": html}, parts)
}

func TestTextOnlyAndDecode(t *testing.T) {
	t.Parallel()
	m := newMailer(t)
	long := strings.Repeat("关于中国质量协会会员缴纳2019年会费通知的补充说明", 4)
	in := ports.Message{To: []string{"a@example.cn"}, Subject: long, Text: "您好，\r\n请缴纳会费。"}
	require.NoError(t, m.Send(context.Background(), in))
	path := onlyFile(t, m)

	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	require.NoError(t, err)
	mediaType, _, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "text/plain", mediaType, "no multipart without HTML")
	assert.Contains(t, msg.Header.Get("From"), filemail.DefaultFrom)
	for _, line := range strings.Split(string(raw), "\r\n") {
		assert.LessOrEqual(t, len(line), 998, "RFC 5322 line limit")
	}

	got, err := filemail.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, in, got)
}

func TestSubjectCannotInjectHeaders(t *testing.T) {
	t.Parallel()
	m := newMailer(t)
	require.NoError(t, m.Send(context.Background(), ports.Message{
		To: []string{"a@example.cn"}, Subject: "你好\r\nBcc: evil@example.com", Text: "x"}))
	path := onlyFile(t, m)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	require.NoError(t, err)
	assert.Empty(t, msg.Header.Get("Bcc"))
	got, err := filemail.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "你好 Bcc: evil@example.com", got.Subject)
}

func TestFileNamesSortByTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := time.Date(2026, 1, 27, 3, 58, 0, 0, time.UTC)
	// Out of order on purpose, and across a digit-width change of the nanoseconds.
	for _, d := range []time.Duration{time.Hour, 5 * time.Nanosecond, 0, time.Second, 2 * time.Millisecond} {
		m, err := filemail.New(dir, "", filemail.WithClock(fixedClock{base.Add(d)}))
		require.NoError(t, err)
		require.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.cn"}, Subject: d.String(), Text: "x"}))
	}
	m, err := filemail.New(dir, "")
	require.NoError(t, err)
	files, err := m.Files()
	require.NoError(t, err)
	var subjects []string
	for _, f := range files {
		msg, err := filemail.ReadFile(f)
		require.NoError(t, err)
		subjects = append(subjects, msg.Subject)
	}
	assert.Equal(t, []string{"0s", "5ns", "2ms", "1s", "1h0m0s"}, subjects)
}

func TestConcurrentSendsGetUniqueFiles(t *testing.T) {
	t.Parallel()
	m := newMailer(t, filemail.WithClock(fixedClock{when})) // same instant for all
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			assert.NoError(t, m.Send(context.Background(), ports.Message{To: []string{"a@example.cn"}, Text: "x"}))
		})
	}
	wg.Wait()
	files, err := m.Files()
	require.NoError(t, err)
	assert.Len(t, files, 40)
}

func TestSendRejects(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		msg     ports.Message
		invalid bool
	}{
		{"no recipient", context.Background(), ports.Message{Subject: "s", Text: "x"}, true},
		{"bad recipient", context.Background(), ports.Message{To: []string{"not an address"}, Text: "x"}, true},
		{"one bad of two", context.Background(), ports.Message{To: []string{"a@example.cn", "b@"}, Text: "x"}, true},
		{"no text", context.Background(), ports.Message{To: []string{"a@example.cn"}, HTML: "<p>x</p>"}, true},
		{"canceled", canceled, ports.Message{To: []string{"a@example.cn"}, Text: "x"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newMailer(t)
			err := m.Send(tc.ctx, tc.msg)
			require.Error(t, err)
			assert.Equal(t, tc.invalid, errors.Is(err, filemail.ErrInvalidMessage))
			entries, err := os.ReadDir(m.Dir())
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing is written")
		})
	}
}

func TestNewRejects(t *testing.T) {
	t.Parallel()
	_, err := filemail.New("", "")
	assert.Error(t, err)
	_, err = filemail.New(t.TempDir(), "nobody")
	assert.ErrorIs(t, err, filemail.ErrInvalidMessage)
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	_, err = filemail.New(filepath.Join(file, "sub"), "")
	assert.Error(t, err, "a directory under a file cannot be made")
}
