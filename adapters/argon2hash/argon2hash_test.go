package argon2hash_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openassoc/membership/adapters/argon2hash"
)

func TestDefaultHashFormat(t *testing.T) {
	t.Parallel()
	h := argon2hash.Default()
	hash, err := h.Hash("abc123")
	require.NoError(t, err)
	// 16-byte salt → 22 base64 chars, 32-byte key → 43, unpadded.
	assert.Regexp(t, regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`), hash)
	ok, err := h.Verify(hash, "abc123")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, h.NeedsRehash(hash))
}

func TestHashVerify(t *testing.T) {
	t.Parallel()
	h := argon2hash.Fast()
	tests := []struct {
		name     string
		password string
		attempt  string
		want     bool
	}{
		{"same", "abc123", "abc123", true},
		{"chinese", "张三zhangsan2019", "张三zhangsan2019", true},
		{"empty", "", "", true},
		{"wrong", "abc123", "abc124", false},
		{"case", "Secret1", "secret1", false},
		{"prefix", "abc123", "abc12", false},
		{"empty attempt", "abc123", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hash, err := h.Hash(tc.password)
			require.NoError(t, err)
			ok, err := h.Verify(hash, tc.attempt)
			require.NoError(t, err)
			assert.Equal(t, tc.want, ok)
		})
	}
}

func TestSaltIsRandom(t *testing.T) {
	t.Parallel()
	h := argon2hash.Fast()
	a, err := h.Hash("abc123")
	require.NoError(t, err)
	b, err := h.Hash("abc123")
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
}

// TestReferenceVectors verifies a hash made by the Argon2 reference implementation
// (phc-winner-argon2, src/test.c: password "password", salt "somesalt"); the
// cheapest of its argon2id vectors keeps the test fast.
func TestReferenceVectors(t *testing.T) {
	t.Parallel()
	h := argon2hash.Fast() // parameters come from the hash, not from the Hasher
	for _, hash := range []string{
		"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
	} {
		ok, err := h.Verify(hash, "password")
		require.NoError(t, err)
		assert.True(t, ok, hash)
		ok, err = h.Verify(hash, "passwore")
		require.NoError(t, err)
		assert.False(t, ok, hash)
		assert.True(t, h.NeedsRehash(hash), "other parameters than the Hasher's")
	}
}

// TestParametersReadFromHash: a hash made with old parameters still verifies after
// the Hasher's parameters are raised, and is flagged for rehashing.
func TestParametersReadFromHash(t *testing.T) {
	t.Parallel()
	old, err := argon2hash.New(argon2hash.Params{Memory: 32, Time: 1, Threads: 2, SaltLen: 8, KeyLen: 16})
	require.NoError(t, err)
	hash, err := old.Hash("abc123")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(hash, "$argon2id$v=19$m=32,t=1,p=2$"), hash)

	raised := argon2hash.Fast()
	ok, err := raised.Verify(hash, "abc123")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.True(t, raised.NeedsRehash(hash))
	assert.False(t, old.NeedsRehash(hash))
}

func TestVerifyMalformed(t *testing.T) {
	t.Parallel()
	h := argon2hash.Fast()
	good := "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
	for name, hash := range map[string]string{
		"empty":          "",
		"bcrypt":         "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ012",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"no version":     "$argon2id$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
		"version 16":     strings.Replace(good, "v=19", "v=16", 1),
		"version junk":   strings.Replace(good, "v=19", "v=19x", 1),
		"params order":   strings.Replace(good, "m=256,t=2,p=1", "t=2,m=256,p=1", 1),
		"params junk":    strings.Replace(good, "p=1", "p=1,x=2", 1),
		"zero time":      strings.Replace(good, "t=2", "t=0", 1),
		"zero threads":   strings.Replace(good, "p=1", "p=0", 1),
		"huge threads":   strings.Replace(good, "p=1", "p=300", 1),
		"huge memory":    strings.Replace(good, "m=256", "m=99999999", 1),
		"tiny memory":    strings.Replace(good, "m=256", "m=4", 1),
		"negative":       strings.Replace(good, "m=256", "m=-256", 1),
		"padded salt":    strings.Replace(good, "c29tZXNhbHQ", "c29tZXNhbHQ=", 1),
		"bad salt chars": strings.Replace(good, "c29tZXNhbHQ", "c29t*XNhbHQ", 1),
		"short salt":     strings.Replace(good, "c29tZXNhbHQ", "c29tZQ", 1),
		"short key":      strings.Replace(good, "nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4", "nf65EOgL", 1),
		"trailing field": good + "$x",
		"no leading $":   strings.TrimPrefix(good, "$"),
	} {
		t.Run(name, func(t *testing.T) {
			ok, err := h.Verify(hash, "password")
			require.ErrorIs(t, err, argon2hash.ErrMalformedHash)
			assert.False(t, ok)
			assert.True(t, h.NeedsRehash(hash))
		})
	}
}

func TestNewRejectsBadParams(t *testing.T) {
	t.Parallel()
	base := argon2hash.FastParams()
	for name, mutate := range map[string]func(*argon2hash.Params){
		"no threads":  func(p *argon2hash.Params) { p.Threads = 0 },
		"no time":     func(p *argon2hash.Params) { p.Time = 0 },
		"low memory":  func(p *argon2hash.Params) { p.Memory = 7 },
		"short salt":  func(p *argon2hash.Params) { p.SaltLen = 4 },
		"short key":   func(p *argon2hash.Params) { p.KeyLen = 8 },
		"huge memory": func(p *argon2hash.Params) { p.Memory = 1 << 30 },
	} {
		p := base
		mutate(&p)
		h, err := argon2hash.New(p)
		assert.Error(t, err, name)
		assert.Nil(t, h, name)
	}
	h, err := argon2hash.New(argon2hash.DefaultParams())
	require.NoError(t, err)
	assert.NotNil(t, h)
}

func BenchmarkHash(b *testing.B) {
	h := argon2hash.Default()
	for b.Loop() {
		if _, err := h.Hash("abc123"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	h := argon2hash.Default()
	hash, err := h.Hash("abc123")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Verify(hash, "abc123"); err != nil {
			b.Fatal(err)
		}
	}
}
