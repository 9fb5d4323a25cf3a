// Package argon2hash implements ports.PasswordHasher with argon2id, storing hashes
// in the PHC string format
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// (salt and key in unpadded standard base64). Verify reads the parameters from
// the stored hash, so the cost can be raised later without invalidating old
// hashes; NeedsRehash tells when a hash should be replaced at the next login.
package argon2hash

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/openassoc/membership/ports"
)

// Params are the argon2id cost parameters and sizes.
type Params struct {
	Memory  uint32 // memory in KiB
	Time    uint32 // number of passes
	Threads uint8  // degree of parallelism
	SaltLen uint32 // salt length in bytes
	KeyLen  uint32 // derived key length in bytes
}

// DefaultParams are OWASP's recommended argon2id settings: m=19456 KiB (19 MiB),
// t=2, p=1, with a 16-byte salt and a 32-byte key.
func DefaultParams() Params {
	return Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// FastParams are cheap settings for tests only: they make hashing fast and offer
// no real protection. Never use them in production.
func FastParams() Params {
	return Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits on parameters read from a stored hash, so a corrupt or hostile hash
// cannot make Verify allocate unbounded memory or spin for minutes.
const (
	maxMemory  = 1 << 21 // 2 GiB in KiB
	maxTime    = 64
	minSaltLen = 8
	minKeyLen  = 16
	maxKeyLen  = 128
)

// ErrMalformedHash is returned (wrapped) by Verify for a hash it cannot parse.
var ErrMalformedHash = errors.New("argon2hash: malformed hash")

// Hasher hashes and verifies passwords with argon2id. It is safe for concurrent
// use.
type Hasher struct {
	params Params
}

var _ ports.PasswordHasher = (*Hasher)(nil)

// New returns a Hasher that hashes with p. It refuses parameters argon2id cannot
// use or that would be insecure to store (a short salt or key).
func New(p Params) (*Hasher, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &Hasher{params: p}, nil
}

// Default returns a Hasher with DefaultParams.
func Default() *Hasher { return &Hasher{params: DefaultParams()} }

// Fast returns a Hasher with FastParams, for tests only.
func Fast() *Hasher { return &Hasher{params: FastParams()} }

// Hash derives a new hash of password with a fresh random salt.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("argon2hash: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, h.params.Time, h.params.Memory,
		h.params.Threads, h.params.KeyLen)
	return encode(h.params, salt, key), nil
}

// Verify reports whether password matches hash, using the parameters recorded in
// hash. A wrong password is (false, nil); a hash that cannot be parsed is an error
// wrapping ErrMalformedHash.
func (h *Hasher) Verify(hash, password string) (bool, error) {
	p, salt, key, err := decode(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with other parameters than the
// Hasher's (or cannot be parsed), so the caller should store a new hash after the
// next successful login.
func (h *Hasher) NeedsRehash(hash string) bool {
	p, _, _, err := decode(hash)
	return err != nil || p != h.params
}

func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return errors.New("argon2hash: threads must be at least 1")
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("argon2hash: time must be 1..%d", maxTime)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("argon2hash: memory must be %d..%d KiB", 8*uint32(p.Threads), maxMemory)
	case p.SaltLen < minSaltLen || p.SaltLen > 64:
		return fmt.Errorf("argon2hash: salt length must be %d..64 bytes", minSaltLen)
	case p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen:
		return fmt.Errorf("argon2hash: key length must be %d..%d bytes", minKeyLen, maxKeyLen)
	}
	return nil
}

var b64 = base64.RawStdEncoding

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC argon2id string and checks its parameters.
func decode(hash string) (Params, []byte, []byte, error) {
	fail := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || parts[2] != fmt.Sprintf("v=%d", version) {
		return fail("bad version field")
	}
	if version != argon2.Version {
		return fail(fmt.Sprintf("unsupported version %d", version))
	}
	var p Params
	var threads uint32
	n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads)
	if err != nil || n != 3 || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, threads) {
		return fail("bad parameter field")
	}
	if threads > 255 {
		return fail("parallelism out of range")
	}
	p.Threads = uint8(threads)
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil {
		return fail("bad salt encoding")
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil {
		return fail("bad key encoding")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.validate(); err != nil {
		return fail(err.Error())
	}
	return p, salt, key, nil
}
