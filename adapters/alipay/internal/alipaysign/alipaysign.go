// Package alipaysign holds the parts of Alipay's open-platform protocol that both
// sides of the conversation need: the strings that are signed, RSA2
// (SHA256withRSA, PKCS #1 v1.5) signatures, key parsing and the yuan amount
// format. The adapter (package alipay) and the gateway simulator (package
// alipaysim) share it, so the two cannot drift apart.
package alipaysign

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Protocol constants of the open platform as Alipay documents them.
const (
	SignTypeRSA2 = "RSA2"
	Charset      = "utf-8"
	Version      = "1.0"
	Format       = "JSON"
	// TimeLayout is the layout of timestamp, gmt_payment, notify_time, …
	// (always Beijing time).
	TimeLayout = "2006-01-02 15:04:05"
	// MinKeyBits is the smallest RSA key accepted: RSA2 means 2048-bit keys.
	MinKeyBits = 2048
)

// Beijing is the time zone of every timestamp in the protocol (Asia/Shanghai;
// China has kept UTC+8 without daylight saving since 1991, so a fixed zone is
// exact and needs no tzdata on the host).
var Beijing = time.FixedZone("CST", 8*60*60)

// ErrDuplicate reports a parameter given more than once; its value would be
// ambiguous, so such a message is never signed or verified.
var ErrDuplicate = errors.New("alipaysign: parameter repeated")

// Single flattens form values, refusing a key given more than once.
func Single(v url.Values) (map[string]string, error) {
	m := make(map[string]string, len(v))
	for k, vs := range v {
		if len(vs) != 1 {
			return nil, fmt.Errorf("%w: %q", ErrDuplicate, k)
		}
		m[k] = vs[0]
	}
	return m, nil
}

// SignContent returns the string a request is signed over (Alipay's
// getSignContent): every parameter except sign whose key and value are not empty,
// sorted by key (byte order), joined as k=v with &; values are raw, not
// URL-encoded. sign_type is part of it.
func SignContent(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k, v := range params {
		if k == "sign" || k == "" || v == "" {
			continue
		}
		keys = append(keys, k)
	}
	return join(params, keys)
}

// CheckContent returns the string a message from Alipay (asynchronous
// notification, synchronous return) is verified over (Alipay's
// getSignCheckContentV1): every parameter except sign and sign_type — empty
// values included — sorted by key and joined as k=v with &.
func CheckContent(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k == "sign" || k == "sign_type" {
			continue
		}
		keys = append(keys, k)
	}
	return join(params, keys)
}

func join(params map[string]string, keys []string) string {
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(params[k])
	}
	return b.String()
}

// Sign signs content with SHA256withRSA (PKCS #1 v1.5) and returns it in
// standard base64, as the sign parameter carries it.
func Sign(key *rsa.PrivateKey, content string) (string, error) {
	return SignBytes(key, []byte(content))
}

// SignBytes is Sign over bytes (response bodies are signed as sent).
func SignBytes(key *rsa.PrivateKey, content []byte) (string, error) {
	sum := sha256.Sum256(content)
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("alipaysign: sign: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// Verify checks a base64 SHA256withRSA signature of content.
func Verify(key *rsa.PublicKey, content, sign string) error {
	return VerifyBytes(key, []byte(content), sign)
}

// VerifyBytes is Verify over bytes.
func VerifyBytes(key *rsa.PublicKey, content []byte, sign string) error {
	// A "+" of the base64 text turns into a space when a sender forgets to
	// URL-encode it; base64 has no spaces, so putting it back is safe.
	sign = strings.ReplaceAll(strings.TrimSpace(sign), " ", "+")
	sig, err := base64.StdEncoding.DecodeString(sign)
	if err != nil {
		return fmt.Errorf("alipaysign: signature is not base64: %w", err)
	}
	sum := sha256.Sum256(content)
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig); err != nil {
		return fmt.Errorf("alipaysign: %w", err)
	}
	return nil
}

// keyDER returns the DER bytes of a key given either as PEM or as the bare
// base64 text Alipay's key tool and console produce, and the PEM type if any.
func keyDER(s string) (der []byte, pemType string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, "", errors.New("alipaysign: key is empty")
	}
	if strings.Contains(s, "-----BEGIN") {
		block, rest := pem.Decode([]byte(s))
		if block == nil {
			return nil, "", errors.New("alipaysign: key: malformed PEM")
		}
		if strings.TrimSpace(string(rest)) != "" {
			return nil, "", errors.New("alipaysign: key: more than one PEM block")
		}
		return block.Bytes, block.Type, nil
	}
	compact := strings.Join(strings.Fields(s), "")
	der, err = base64.StdEncoding.DecodeString(compact)
	if err != nil {
		return nil, "", fmt.Errorf("alipaysign: key is neither PEM nor base64: %w", err)
	}
	return der, "", nil
}

// ParsePrivateKey reads an RSA private key in PKCS #1 or PKCS #8, as PEM or bare
// base64, and refuses keys shorter than 2048 bits.
func ParsePrivateKey(s string) (*rsa.PrivateKey, error) {
	der, typ, err := keyDER(s)
	if err != nil {
		return nil, err
	}
	var key *rsa.PrivateKey
	switch typ {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(der)
	case "PRIVATE KEY", "":
		var k any
		if k, err = x509.ParsePKCS8PrivateKey(der); err == nil {
			var ok bool
			if key, ok = k.(*rsa.PrivateKey); !ok {
				return nil, fmt.Errorf("alipaysign: private key is %T, not RSA", k)
			}
		} else if typ == "" {
			key, err = x509.ParsePKCS1PrivateKey(der)
		}
	default:
		return nil, fmt.Errorf("alipaysign: unexpected PEM block %q for a private key", typ)
	}
	if err != nil {
		return nil, fmt.Errorf("alipaysign: private key: %w", err)
	}
	if key.N.BitLen() < MinKeyBits {
		return nil, fmt.Errorf("alipaysign: private key has %d bits; RSA2 needs %d", key.N.BitLen(), MinKeyBits)
	}
	return key, nil
}

// ParsePublicKey reads an RSA public key in PKIX (SubjectPublicKeyInfo, what
// Alipay's console shows) or PKCS #1, as PEM or bare base64, and refuses keys
// shorter than 2048 bits.
func ParsePublicKey(s string) (*rsa.PublicKey, error) {
	der, typ, err := keyDER(s)
	if err != nil {
		return nil, err
	}
	var key *rsa.PublicKey
	switch typ {
	case "RSA PUBLIC KEY":
		key, err = x509.ParsePKCS1PublicKey(der)
	case "PUBLIC KEY", "":
		var k any
		if k, err = x509.ParsePKIXPublicKey(der); err == nil {
			var ok bool
			if key, ok = k.(*rsa.PublicKey); !ok {
				return nil, fmt.Errorf("alipaysign: public key is %T, not RSA", k)
			}
		} else if typ == "" {
			key, err = x509.ParsePKCS1PublicKey(der)
		}
	default:
		return nil, fmt.Errorf("alipaysign: unexpected PEM block %q for a public key", typ)
	}
	if err != nil {
		return nil, fmt.Errorf("alipaysign: public key: %w", err)
	}
	if key.N.BitLen() < MinKeyBits {
		return nil, fmt.Errorf("alipaysign: public key has %d bits; RSA2 needs %d", key.N.BitLen(), MinKeyBits)
	}
	return key, nil
}

// GenerateKey makes a new 2048-bit RSA key pair.
func GenerateKey() (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, MinKeyBits)
	if err != nil {
		return nil, fmt.Errorf("alipaysign: generate key: %w", err)
	}
	return key, nil
}

// PrivateKeyPEM encodes a private key as PKCS #8 PEM.
func PrivateKeyPEM(key *rsa.PrivateKey) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("alipaysign: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// PublicKeyPEM encodes a public key as PKIX PEM.
func PublicKeyPEM(key *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return "", fmt.Errorf("alipaysign: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// maxYuanDigits bounds the integer part of an amount: far above Alipay's
// ceiling (100 000 000.00 yuan) and far below int64 overflow.
const maxYuanDigits = 12

// ErrAmount reports an amount that is not digits with up to two decimals.
var ErrAmount = errors.New("alipaysign: amount must be digits with up to two decimals")

// ParseYuan converts an amount in yuan as the protocol writes it ("480.00",
// "480", "0.01") to fen, strictly and without floating point: digits without
// sign, exponent, spaces or superfluous leading zeros, and at most two decimals.
func ParseYuan(s string) (int64, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(whole) > maxYuanDigits || (hasDot && (frac == "" || len(frac) > 2)) {
		return 0, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	if len(whole) > 1 && whole[0] == '0' {
		return 0, fmt.Errorf("%w: %q", ErrAmount, s)
	}
	var fen int64
	for _, c := range whole {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: %q", ErrAmount, s)
		}
		fen = fen*10 + int64(c-'0')
	}
	fen *= 100
	scale := int64(10)
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: %q", ErrAmount, s)
		}
		fen += int64(c-'0') * scale
		scale /= 10
	}
	return fen, nil
}

// FormatYuan writes fen as yuan with exactly two decimals: 48000 → "480.00".
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
