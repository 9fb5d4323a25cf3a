package s3files

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	c, err := ParseURL("s3://scans/membership?endpoint=127.0.0.1:8333&secure=false&region=cn-north-1")
	require.NoError(t, err)
	assert.Equal(t, Config{Endpoint: "127.0.0.1:8333", Bucket: "scans", Prefix: "membership/", Region: "cn-north-1"}, c)
	c, err = ParseURL("s3://scans?endpoint=s3.example.org&access_key=AK&secret_key=SK")
	require.NoError(t, err)
	assert.True(t, c.Secure, "HTTPS unless told otherwise")
	assert.Equal(t, "AK", c.AccessKey)

	for raw, want := range map[string]string{
		"scans":                                  "not an s3:// URL",
		"s3://?endpoint=h:1":                     "no bucket",
		"s3://b":                                 "no endpoint",
		"s3://b?endpoint=http://h:1":             "without a scheme",
		"s3://b?endpoint=h:1&secure=maybe":       "secure=",
		"s3://b?endpoint=h:1&access_key=AK":      "go together",
		"s3://b?endpoint=h:1&acces_key=AK":       "unknown parameter",
		"s3://b?endpoint=h:1&secret_key=S&bad=1": "secret_key=xxxxx",
	} {
		_, err := ParseURL(raw)
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), want, raw)
		assert.NotContains(t, err.Error(), "secret_key=S&", "the secret is not repeated")
	}
}

func TestContentType(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "image/png", contentType("a.bin", []byte("\x89PNG\r\n\x1a\n....")))
	assert.Equal(t, "application/pdf", contentType("v.bin", []byte("%PDF-1.7\n")))
	assert.Equal(t, "image/jpeg", contentType("a.jpg", []byte("no magic")))
	assert.Equal(t, "application/pdf", contentType("a.pdf", nil))
	assert.Equal(t, "text/plain; charset=utf-8", contentType("notes", []byte("hello")))
}

func TestKeysAreCheckedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	s := &Store{bucket: "b", prefix: "p/"}
	name, err := s.object("scans/m1/a.png")
	require.NoError(t, err)
	assert.Equal(t, "p/scans/m1/a.png", name)
	for _, key := range []string{"", "../x", "a//b", "a/./b", ".x", "a b", strings.Repeat("a", MaxKeyLen+1)} {
		_, err := s.object(key)
		assert.ErrorIs(t, err, ErrBadKey, "%q", key)
	}
}

func TestNewRefusesAServerThatDoesNotAnswer(t *testing.T) {
	t.Parallel()
	_, err := New(context.Background(), Config{Endpoint: "127.0.0.1:1", Bucket: "scans",
		StartTimeout: 2 * time.Second})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `does not answer for bucket "scans"`)
}
