package s3files

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config selects the S3 server, the bucket and the credentials.
type Config struct {
	// Endpoint is the server's host:port (no scheme), e.g. s3.example.org or
	// 127.0.0.1:8333.
	Endpoint string
	// Bucket must exist: New refuses to start without it.
	Bucket string
	// Prefix is put before every key ("membership/"), to share a bucket.
	Prefix string
	// Region, when the server needs one (Amazon S3); empty lets the client ask.
	Region string
	// AccessKey and SecretKey sign the requests. Empty: AWS_ACCESS_KEY_ID and
	// AWS_SECRET_ACCESS_KEY (or MINIO_ROOT_USER / MINIO_ROOT_PASSWORD) from the
	// environment, else anonymous requests.
	AccessKey string
	SecretKey string
	// Secure uses HTTPS (the default of ParseURL).
	Secure bool
	// PartSize is the part of a streamed upload held in memory; default 5 MiB.
	PartSize uint64
	// StartTimeout bounds New's check of the bucket; default 15 s.
	StartTimeout time.Duration
}

// ParseURL reads the form memberd's -files flag and Config.Files take:
//
//	s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&region=R][&secure=false][&access_key=K&secret_key=S]
//
// secure defaults to true (HTTPS). Credentials are better left to the
// environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) than written in a URL.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, fmt.Errorf("s3files: %w", err)
	}
	if u.Scheme != "s3" {
		return Config{}, fmt.Errorf("s3files: %q is not an s3:// URL", redact(raw))
	}
	q := u.Query()
	c := Config{Endpoint: q.Get("endpoint"), Bucket: u.Host, Region: q.Get("region"),
		AccessKey: q.Get("access_key"), SecretKey: q.Get("secret_key"), Secure: true}
	if p := strings.Trim(u.Path, "/"); p != "" {
		c.Prefix = p + "/"
	}
	if v := q.Get("secure"); v != "" {
		if c.Secure, err = strconv.ParseBool(v); err != nil {
			return Config{}, fmt.Errorf("s3files: secure=%q is not true or false", v)
		}
	}
	for name := range q {
		switch name {
		case "endpoint", "region", "access_key", "secret_key", "secure":
		default:
			return Config{}, fmt.Errorf("s3files: unknown parameter %q in %s", name, redact(raw))
		}
	}
	return c, c.check()
}

// redact hides a secret key written in an s3:// URL, for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	if q.Has("secret_key") {
		q.Set("secret_key", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func (c Config) check() error {
	switch {
	case c.Bucket == "":
		return errors.New("s3files: no bucket (s3://BUCKET?endpoint=HOST:PORT)")
	case c.Endpoint == "":
		return errors.New("s3files: no endpoint (s3://BUCKET?endpoint=HOST:PORT)")
	case strings.Contains(c.Endpoint, "/"):
		return fmt.Errorf("s3files: endpoint %q must be HOST:PORT, without a scheme or path", c.Endpoint)
	case (c.AccessKey == "") != (c.SecretKey == ""):
		return errors.New("s3files: access_key and secret_key go together")
	case c.PartSize != 0 && c.PartSize < DefaultPartSize:
		return fmt.Errorf("s3files: part size %d is below the S3 minimum of 5 MiB", c.PartSize)
	}
	return nil
}

// MaxKeyLen bounds a key.
const MaxKeyLen = 512

// ErrBadKey is returned for a key that is empty, too long, absolute, has empty,
// "." or ".." segments, segments starting with a dot, or characters outside
// [A-Za-z0-9._-/] (the keys the folder adapter accepts).
var ErrBadKey = errors.New("s3files: invalid key")

// object checks a key and returns its object name.
func (s *Store) object(key string) (string, error) {
	if key == "" || len(key) > MaxKeyLen || strings.HasPrefix(key, "/") {
		return "", fmt.Errorf("%w %q", ErrBadKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return "", fmt.Errorf("%w %q", ErrBadKey, key)
		}
		for _, r := range seg {
			ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
			if !ok {
				return "", fmt.Errorf("%w %q", ErrBadKey, key)
			}
		}
	}
	return s.prefix + key, nil
}
